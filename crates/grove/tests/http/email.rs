//! E-mail about notifications: a member on `immediate` gets one e-mail per notification, one on
//! `daily` one digest a day, one on `off` none; the settings page and API; a Grove without SMTP
//! queues nothing. Mail goes to a tiny SMTP server inside the test.

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use grove::config::MailConfig;
use grove::notifications::model::NewNotification;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};

use crate::kit::{Client, TestApp};

/// One message as the SMTP server received it.
#[derive(Debug, Clone)]
struct Mail {
    to: Vec<String>,
    /// The message with headers unfolded and quoted-printable decoded, for plain assertions.
    text: String,
}

impl Mail {
    fn subject(&self) -> String {
        self.text
            .lines()
            .take_while(|l| !l.is_empty())
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or("")
            .to_string()
    }
}

/// An SMTP server that accepts everything and keeps what it received.
struct SmtpSink {
    addr: std::net::SocketAddr,
    received: Arc<Mutex<Vec<Mail>>>,
    /// Replies that refuse the next messages, in order (e.g. `451 try later`).
    refusals: Arc<Mutex<Vec<&'static str>>>,
}

impl SmtpSink {
    async fn start() -> SmtpSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let addr = listener.local_addr().expect("addr");
        let received = Arc::new(Mutex::new(Vec::new()));
        let refusals = Arc::new(Mutex::new(Vec::new()));
        let (store, refuse) = (received.clone(), refusals.clone());
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(session(stream, store.clone(), refuse.clone()));
            }
        });
        SmtpSink {
            addr,
            received,
            refusals,
        }
    }

    /// The next message is refused with `reply`.
    fn refuse_next(&self, reply: &'static str) {
        if let Ok(mut r) = self.refusals.lock() {
            r.push(reply);
        }
    }

    fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    fn mail(&self) -> Vec<Mail> {
        self.received.lock().map(|m| m.clone()).unwrap_or_default()
    }

    fn mail_to(&self, address: &str) -> Vec<Mail> {
        self.mail()
            .into_iter()
            .filter(|m| m.to.iter().any(|t| t == address))
            .collect()
    }

    /// Waits (up to a deadline) until `address` has received `count` messages.
    async fn wait_for(&self, address: &str, count: usize) -> Vec<Mail> {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let mail = self.mail_to(address);
            if mail.len() >= count {
                return mail;
            }
            assert!(
                Instant::now() < deadline,
                "{address} received {} of {count} e-mails; all so far: {:?}",
                mail.len(),
                self.mail()
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }
}

async fn session(
    stream: tokio::net::TcpStream,
    store: Arc<Mutex<Vec<Mail>>>,
    refusals: Arc<Mutex<Vec<&'static str>>>,
) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    let mut to = Vec::new();
    if write.write_all(b"220 sink ESMTP\r\n").await.is_err() {
        return;
    }
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_ascii_uppercase();
        let reply: &[u8] = if command.starts_with("EHLO") || command.starts_with("HELO") {
            b"250 sink\r\n"
        } else if command.starts_with("RCPT TO:") {
            let address = line.trim_end()[8..]
                .trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string();
            to.push(address);
            b"250 ok\r\n"
        } else if command.starts_with("MAIL FROM:") || command == "RSET" || command == "NOOP" {
            if command != "NOOP" {
                to.clear();
            }
            b"250 ok\r\n"
        } else if command == "DATA" {
            if write.write_all(b"354 go on\r\n").await.is_err() {
                return;
            }
            let mut data = String::new();
            loop {
                line.clear();
                match lines.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if line == ".\r\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            let refusal = refusals
                .lock()
                .ok()
                .and_then(|mut r| (!r.is_empty()).then(|| r.remove(0)));
            if let Some(reply) = refusal {
                to.clear();
                if write.write_all(reply.as_bytes()).await.is_err() {
                    return;
                }
                continue;
            }
            if let Ok(mut all) = store.lock() {
                all.push(Mail {
                    to: std::mem::take(&mut to),
                    text: readable(&data),
                });
            }
            b"250 queued\r\n"
        } else if command == "QUIT" {
            let _ = write.write_all(b"221 bye\r\n").await;
            return;
        } else {
            b"502 not here\r\n"
        };
        if write.write_all(reply).await.is_err() {
            return;
        }
    }
}

/// Unfolds header lines and decodes quoted-printable, leniently, over the whole message.
fn readable(data: &str) -> String {
    let unfolded = data
        .replace("\r\n ", " ")
        .replace("\r\n\t", " ")
        .replace("=\r\n", "");
    let bytes = unfolded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'='
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
            && bytes[i + 1].is_ascii_uppercase() | bytes[i + 1].is_ascii_digit()
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out).replace("\r\n", "\n")
}

/// Configuration that sends mail to `sink`, checking for it every 100 ms.
fn mail_to(sink: &SmtpSink) -> impl FnOnce(&mut grove::Config) + use<> {
    let url = sink.url();
    move |config| {
        let mut mail = MailConfig::new(url, "Grove <grove@example.org>");
        mail.interval = Duration::from_millis(100);
        config.mail = Some(mail);
    }
}

async fn app_with_mail(sink: &SmtpSink) -> TestApp {
    TestApp::spawn_with(mail_to(sink)).await
}

/// Notifies a member directly (the way every module does).
async fn notify(app: &TestApp, user_id: i64, count: usize) {
    let items: Vec<_> = (0..count)
        .map(|i| NewNotification::new(user_id, "test.ping", format!("Ping {i}"), "/notifications"))
        .collect();
    grove::notifications::store::notify_many(&app.db, &items)
        .await
        .expect("notify");
}

/// The outbox rows of a member: (status, attempts, last_error).
async fn outbox(app: &TestApp, user_id: i64) -> Vec<(String, i64, String)> {
    sqlx::query(
        "SELECT status, attempts, last_error FROM email_outbox WHERE user_id = $1 ORDER BY id",
    )
    .bind(user_id)
    .fetch_all(&app.db.pool)
    .await
    .expect("outbox")
    .iter()
    .map(|r| {
        (
            r.try_get("status").expect("status"),
            r.try_get("attempts").expect("attempts"),
            r.try_get("last_error").expect("last_error"),
        )
    })
    .collect()
}

/// Waits (up to a deadline) until `check` holds for the member's outbox.
async fn wait_outbox(
    app: &TestApp,
    user_id: i64,
    check: impl Fn(&[(String, i64, String)]) -> bool,
) -> Vec<(String, i64, String)> {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let rows = outbox(app, user_id).await;
        if check(&rows) {
            return rows;
        }
        assert!(Instant::now() < deadline, "outbox stuck at {rows:?}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn create_community(owner: &mut Client, name: &str) -> Value {
    let res = owner
        .post_json(
            "/api/v1/communities",
            json!({"name": name, "description": "", "visibility": "request"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    res.json()
}

/// `member` asks to join `community` and `owner` approves: `member` is notified.
async fn ask_and_approve(owner: &Client, member: &mut Client, community: &Value) {
    let id = community["id"].as_i64().expect("id");
    let res = member
        .post_json(&format!("/api/v1/communities/{id}/requests"), json!({}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let member_id = member.id().await;
    let requests = owner
        .get(&format!("/api/v1/communities/{id}/requests"))
        .await
        .json();
    let request = requests
        .as_array()
        .and_then(|r| r.iter().find(|r| r["user_id"] == member_id))
        .and_then(|r| r["id"].as_i64())
        .expect("the request");
    let res = owner
        .post(&format!(
            "/api/v1/communities/{id}/requests/{request}/approve"
        ))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
}

async fn set_mode(client: &Client, mode: &str) {
    let res = client
        .put_json(
            "/api/v1/me/notification-settings",
            json!({"email_mode": mode}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["email_mode"], mode);
}

async fn outbox_rows_for(app: &TestApp, user_id: i64) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM email_outbox WHERE user_id = $1")
        .bind(user_id)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("count")
}

#[tokio::test]
async fn an_approved_request_reaches_the_requester_by_email_unless_they_turned_it_off() {
    let sink = SmtpSink::start().await;
    let app = app_with_mail(&sink).await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let mut bob = app.member("Bob Asker").await;
    let mut cai = app.member("Cai Quiet").await;
    let champions = create_community(&mut ana, "Security champions").await;
    let slug = champions["slug"].as_str().expect("slug").to_string();

    // Cai wants no e-mail; Bob keeps the default (immediately).
    set_mode(&cai, "off").await;
    ask_and_approve(&ana, &mut cai, &champions).await;
    ask_and_approve(&ana, &mut bob, &champions).await;

    let bob_mail = sink.wait_for("bob.asker@example.org", 1).await;
    assert_eq!(bob_mail.len(), 1);
    let mail = &bob_mail[0];
    assert_eq!(
        mail.subject(),
        "Ana Owner approved your request: you are now a member of Security champions."
    );
    assert!(
        mail.text
            .contains("To: \"Bob Asker\" <bob.asker@example.org>")
    );
    assert!(mail.text.contains("From: Grove <grove@example.org>"));
    let link = format!("{}/communities/{slug}", app.base);
    assert!(mail.text.contains(&link), "links to it: {}", mail.text);
    assert!(
        mail.text
            .contains(&format!("{}/notifications/settings", app.base)),
        "the footer links to the settings"
    );

    // The owner heard of both requests by e-mail too.
    sink.wait_for("ana.owner@example.org", 2).await;
    // Cai was approved before Bob, yet got nothing, and nothing was ever queued for Cai.
    assert!(sink.mail_to("cai.quiet@example.org").is_empty());
    assert_eq!(outbox_rows_for(&app, cai.id().await).await, 0);
    // In the app Cai was notified as usual.
    let cai_notes = cai.get("/api/v1/notifications").await.json();
    assert_eq!(cai_notes["items"][0]["kind"], "community.approved");
}

#[tokio::test]
async fn a_daily_member_gets_one_digest_a_day_of_what_is_unread() {
    let sink = SmtpSink::start().await;
    let app = app_with_mail(&sink).await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let mut bob = app.member("Bob Digest").await;
    let bob_id = bob.id().await;

    // Through the settings page, as a member would.
    let res = bob
        .submit(
            "/notifications/settings",
            &[("email_mode", "daily"), ("mute_question_routing", "true")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let first = create_community(&mut ana, "Security champions").await;
    let second = create_community(&mut ana, "Data guild").await;
    ask_and_approve(&ana, &mut bob, &first).await;
    ask_and_approve(&ana, &mut bob, &second).await;
    // Ana (immediate) hears of both requests right away; Bob's mail waits for the digest.
    sink.wait_for("ana.owner@example.org", 2).await;
    assert_eq!(outbox_rows_for(&app, bob_id).await, 0);

    // A day later the digest is queued once, whichever server or round gets there first.
    let tomorrow = grove::db::now() + grove::notifications::email::DAY_SECS + 60;
    let queued = grove::notifications::email::queue_digests(&app.db, tomorrow)
        .await
        .expect("digests");
    assert_eq!(queued, 1);
    let again = grove::notifications::email::queue_digests(&app.db, tomorrow + 5)
        .await
        .expect("digests");
    assert_eq!(again, 0, "one digest a day");

    let digest = sink.wait_for("bob.digest@example.org", 1).await;
    let mail = &digest[0];
    assert_eq!(mail.subject(), "Your Grove digest: 2 new notifications");
    for community in [&first, &second] {
        let link = format!(
            "{}/communities/{}",
            app.base,
            community["slug"].as_str().expect("slug")
        );
        assert!(mail.text.contains(&link), "lists {link}: {}", mail.text);
    }
    assert!(
        mail.text
            .contains("you are now a member of Security champions.")
    );
    assert!(
        mail.text
            .contains(&format!("{}/notifications/settings", app.base))
    );

    // Another day with nothing unread: no digest.
    bob.post("/api/v1/notifications/read-all").await;
    let later = tomorrow + grove::notifications::email::DAY_SECS + 60;
    assert_eq!(
        grove::notifications::email::queue_digests(&app.db, later)
            .await
            .expect("digests"),
        0
    );
    assert_eq!(sink.mail_to("bob.digest@example.org").len(), 1);
}

#[tokio::test]
async fn settings_are_chosen_on_a_page_or_through_the_api_and_bad_input_is_refused() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let mut bob = app.member("Bob Brown").await;

    // Defaults: e-mail immediately, questions suggested.
    let res = bob.get("/api/v1/me/notification-settings").await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({"email_mode": "immediate", "mute_question_routing": false})
    );
    assert_eq!(
        app.anonymous()
            .get("/api/v1/me/notification-settings")
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    // Bad fields are named.
    for (body, field) in [
        (json!({"email_mode": "weekly"}), "email_mode"),
        (
            json!({"mute_question_routing": "yes"}),
            "mute_question_routing",
        ),
    ] {
        let res = bob
            .put_json("/api/v1/me/notification-settings", body.clone())
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
        assert_eq!(res.error_field(), field, "{}", res.text);
    }
    let res = bob
        .put_json(
            "/api/v1/me/notification-settings",
            json!({"mute_question_routing": true}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        res.json(),
        json!({"email_mode": "immediate", "mute_question_routing": true}),
        "a field left out stays"
    );

    // The page: linked from the notifications page, shows the choice, refuses a bad one.
    assert!(
        bob.get("/notifications")
            .await
            .text
            .contains("href=\"/notifications/settings\"")
    );
    let page = bob.get("/notifications/settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("value=\"immediate\" checked"));
    assert!(
        page.text
            .contains("name=\"mute_question_routing\" value=\"true\" checked")
    );
    assert!(page.text.contains("does not send e-mail"), "no SMTP here");
    let res = bob
        .submit("/notifications/settings", &[("email_mode", "hourly")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("choose off, immediate or daily"));
    assert_eq!(
        bob.get("/api/v1/me/notification-settings").await.json()["email_mode"],
        "immediate",
        "nothing saved"
    );
    let res = bob
        .submit("/notifications/settings", &[("email_mode", "off")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        bob.get("/api/v1/me/notification-settings").await.json(),
        json!({"email_mode": "off", "mute_question_routing": false}),
        "an unticked box is false"
    );
    let res = bob
        .without_csrf()
        .submit("/notifications/settings", &[("email_mode", "daily")])
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Without SMTP nothing is queued, whatever happens.
    let c = create_community(&mut ana, "Security champions").await;
    let mut cai = app.member("Cai Default").await;
    ask_and_approve(&ana, &mut cai, &c).await;
    let queued: i64 = sqlx::query("SELECT COUNT(*) FROM email_outbox")
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("count");
    assert_eq!(queued, 0);
}

#[tokio::test]
async fn a_refused_email_is_retried_later_and_a_rejected_one_given_up() {
    let sink = SmtpSink::start().await;
    let app = app_with_mail(&sink).await;
    let _admin = app.admin().await;
    let bob = app.member("Bob Retry").await;
    let bob_id = bob.id().await;

    // The server says "try later": the e-mail stays queued, due again after a backoff, and the
    // rest of the round waits too, untried.
    sink.refuse_next("451 busy, try later\r\n");
    notify(&app, bob_id, 2).await;
    let rows = wait_outbox(&app, bob_id, |r| {
        r.len() == 2 && r[0].1 == 1 && !r[0].2.is_empty() && r[1].1 == 0
    })
    .await;
    assert_eq!(rows[0].0, "queued");
    assert!(rows[0].2.contains("busy"), "{rows:?}");
    assert_eq!(
        rows[1],
        ("queued".to_string(), 0, String::new()),
        "not tried"
    );
    assert!(sink.mail_to("bob.retry@example.org").is_empty());
    // Time passes (the backoff is 30 s): the next attempt succeeds.
    sqlx::query("UPDATE email_outbox SET next_attempt_at = 0 WHERE user_id = $1")
        .bind(bob_id)
        .execute(&app.db.pool)
        .await
        .expect("fast-forward");
    let mail = sink.wait_for("bob.retry@example.org", 2).await;
    let mut subjects: Vec<String> = mail.iter().map(Mail::subject).collect();
    subjects.sort();
    assert_eq!(subjects, ["Ping 0", "Ping 1"]);
    let rows = wait_outbox(&app, bob_id, |r| r.iter().all(|e| e.0 == "sent")).await;
    assert_eq!((rows[0].1, rows[1].1), (2, 1), "attempts");

    // "No such mailbox" will not change: given up at once.
    sink.refuse_next("550 no such mailbox\r\n");
    notify(&app, bob_id, 1).await;
    let rows = wait_outbox(&app, bob_id, |r| r.len() == 3 && r[2].0 != "queued").await;
    assert_eq!(rows[2].0, "failed");
    assert_eq!(rows[2].1, 1);
    assert!(rows[2].2.contains("no such mailbox"));
    assert_eq!(sink.mail_to("bob.retry@example.org").len(), 2);
}

#[tokio::test]
async fn deactivated_members_get_no_email() {
    let sink = SmtpSink::start().await;
    let app = app_with_mail(&sink).await;
    let admin = app.admin().await;
    let bob = app.member("Bob Gone").await;
    let bob_id = bob.id().await;
    let res = admin
        .post(&format!("/api/v1/members/{bob_id}/deactivate"))
        .await;
    assert!(res.status.is_success(), "{} {}", res.status, res.text);
    notify(&app, bob_id, 2).await;
    assert_eq!(outbox_rows_for(&app, bob_id).await, 0);
}

#[tokio::test]
async fn several_servers_send_each_email_once() {
    let sink = SmtpSink::start().await;
    let app = app_with_mail(&sink).await;
    let _second = app.another_server_with(mail_to(&sink)).await;
    let _third = app.another_server_with(mail_to(&sink)).await;
    let _admin = app.admin().await;
    let bob = app.member("Bob Many").await;
    let bob_id = bob.id().await;
    notify(&app, bob_id, 30).await;
    let mail = sink.wait_for("bob.many@example.org", 30).await;
    wait_outbox(&app, bob_id, |r| r.iter().all(|e| e.0 == "sent")).await;
    let mut subjects: Vec<String> = sink
        .mail_to("bob.many@example.org")
        .iter()
        .map(Mail::subject)
        .collect();
    subjects.sort();
    subjects.dedup();
    assert_eq!(subjects.len(), 30, "each once");
    assert_eq!(sink.mail_to("bob.many@example.org").len(), 30, "{mail:?}");
}

#[test]
fn serve_refuses_to_start_with_a_bad_mail_setting() {
    let dir = std::env::temp_dir().join(format!("grove_email_cli_{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let db = format!("sqlite://{}", dir.join("grove.db").display());
    let serve = |extra: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_grove"))
            .args(["--database-url", &db, "serve", "--bind", "127.0.0.1:0"])
            .args(extra)
            .env_remove("GROVE_SMTP_URL")
            .env_remove("GROVE_MAIL_FROM")
            .output()
            .expect("run grove")
    };
    let out = serve(&["--smtp-url", "smtp://127.0.0.1:2525"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--mail-from"));
    let out = serve(&[
        "--smtp-url",
        "smtp://127.0.0.1:2525",
        "--mail-from",
        "not an address",
    ]);
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--mail-from \"not an address\" is not an e-mail address"),
        "{err}"
    );
    let out = serve(&["--smtp-url", "ftp://x", "--mail-from", "grove@example.org"]);
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("--smtp-url is not usable"));
    let _ = std::fs::remove_dir_all(&dir);
}
