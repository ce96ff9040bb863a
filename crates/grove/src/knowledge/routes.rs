//! HTTP handlers for knowledge (HTML and JSON). Every rule, including who may see what, lives
//! in the service; a refused form comes back with the message and what was typed.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::*;
use super::service;
use super::store::Mark;
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields, QueryFields};
use crate::web::page::{PageContext, encode, parse_date, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/knowledge", get(feed_page))
        .route("/knowledge/new", get(new_page).post(new_submit))
        .route("/knowledge/saved", get(saved_page))
        .route("/knowledge/tags/{tag}", get(tag_page))
        .route("/knowledge/tags/{tag}/follow", post(tag_follow_submit))
        .route("/knowledge/{id}", get(post_page))
        .route("/knowledge/{id}/edit", get(edit_page).post(edit_submit))
        .route("/knowledge/{id}/delete", post(delete_submit))
        .route("/knowledge/{id}/history", get(history_page))
        .route("/knowledge/{id}/revisions/{number}", get(revision_page))
        .route(
            "/knowledge/{id}/revisions/{number}/restore",
            post(restore_submit),
        )
        .route("/knowledge/{id}/answers", post(answer_submit))
        .route(
            "/knowledge/answers/{answer}/edit",
            get(answer_edit_page).post(answer_edit_submit),
        )
        .route("/knowledge/{id}/comments", post(comment_submit))
        .route("/knowledge/{id}/vote", post(vote_submit))
        .route("/knowledge/{id}/accept", post(accept_submit))
        .route("/knowledge/{id}/bookmark", post(bookmark_submit))
        .route("/knowledge/{id}/follow", post(follow_submit))
        .route("/search", get(search_page))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_feed, api_create))
        .routes(routes!(api_drafts))
        .routes(routes!(api_bookmarks))
        .routes(routes!(api_post, api_update, api_delete))
        .routes(routes!(api_revisions))
        .routes(routes!(api_revision))
        .routes(routes!(api_restore))
        .routes(routes!(api_answer))
        .routes(routes!(api_edit_answer))
        .routes(routes!(api_comment))
        .routes(routes!(api_vote_post))
        .routes(routes!(api_vote_answer))
        .routes(routes!(api_accept))
        .routes(routes!(api_bookmark, api_unbookmark))
        .routes(routes!(api_follow, api_unfollow))
        .routes(routes!(api_follow_tag, api_unfollow_tag))
        .routes(routes!(api_tags))
        .routes(routes!(api_search))
        .routes(routes!(api_route_unanswered))
}

fn render(t: impl Template) -> AppResult<Html<String>> {
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

fn link(id: i64) -> String {
    format!("/knowledge/{id}")
}

/// The filters of a list or search from a query string.
fn filter_from(q: &Fields) -> AppResult<PostFilter> {
    let date = |name: &str| -> AppResult<Option<i64>> {
        match q.text(name) {
            None => Ok(None),
            Some(v) => parse_date(&v)
                .map(Some)
                .ok_or_else(|| AppError::invalid(name, "write the date as YYYY-MM-DD")),
        }
    };
    let answered = match q.text("answered").as_deref() {
        None | Some("any") => None,
        Some("true" | "yes") => Some(true),
        Some("false" | "no") => Some(false),
        Some(_) => return Err(AppError::invalid("answered", "choose true or false")),
    };
    let page = q.int("page")?.unwrap_or(1);
    if page < 1 {
        return Err(AppError::invalid("page", "pages start at 1"));
    }
    Ok(PostFilter {
        kind: q
            .text("kind")
            .map(|k| PostKind::parse("kind", &k))
            .transpose()?,
        community_id: q.int("community")?,
        tag: q
            .text("tag")
            .map(|t| normalize_tag(&t))
            .transpose()
            .map_err(|_| AppError::invalid("tag", "a tag has letters, digits and - + # . only"))?,
        author_id: q.int("author")?,
        from: date("from")?,
        to: date("to")?.map(|d| d + 86_400),
        answered,
        page,
    })
}

/// The query string that reproduces a list's or search's filters (for paging links), without `page`.
fn filter_query(q: &Fields) -> String {
    let mut parts = Vec::new();
    for name in [
        "q",
        "kind",
        "community",
        "tag",
        "author",
        "from",
        "to",
        "answered",
        "sort",
    ] {
        if let Some(v) = q.text(name) {
            parts.push(format!("{name}={}", encode(&v)));
        }
    }
    parts.join("&")
}

// ---- HTML: lists ----

#[derive(Template)]
#[template(path = "knowledge/templates/feed.html")]
struct FeedPage {
    page: PageContext,
    heading: String,
    /// The tag this list is about, with whether the viewer follows it.
    tag: Option<(String, bool)>,
    filter: PostFilter,
    sort: FeedSort,
    query: String,
    list: PostPage,
    tags: Vec<TagCount>,
    followed: Vec<String>,
    /// Whether the viewer moderates anything (an admin, or a community's owner or moderator).
    moderates: bool,
}

impl FeedPage {
    fn kinds(&self) -> [PostKind; 5] {
        PostKind::ALL
    }
    fn sorts(&self) -> [FeedSort; 4] {
        FeedSort::ALL
    }
    fn is_kind(&self, k: &PostKind) -> bool {
        self.filter.kind == Some(*k)
    }
    fn base(&self) -> String {
        match &self.tag {
            Some((t, _)) => format!("/knowledge/tags/{}", encode(t)),
            None => "/knowledge".into(),
        }
    }
    fn kind_link(&self, k: &PostKind) -> String {
        format!(
            "{}?kind={}&sort={}",
            self.base(),
            k.as_str(),
            self.sort.as_str()
        )
    }
    fn sort_link(&self, s: &FeedSort) -> String {
        match self.filter.kind {
            Some(k) => format!("{}?kind={}&sort={}", self.base(), k.as_str(), s.as_str()),
            None => format!("{}?sort={}", self.base(), s.as_str()),
        }
    }
    fn page_link(&self, n: i64) -> String {
        format!("{}?{}&page={n}", self.base(), self.query)
    }
    fn prev_link(&self) -> String {
        self.page_link(self.list.page - 1)
    }
    fn next_link(&self) -> Option<String> {
        self.list.next_page.map(|n| self.page_link(n))
    }
}

async fn feed_view(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    q: &Fields,
    tag: Option<String>,
) -> AppResult<Response> {
    let mut filter = filter_from(q)?;
    if let Some(t) = &tag {
        filter.tag = Some(normalize_tag(t)?);
    }
    let sort = FeedSort::parse(q.text("sort").as_deref())?;
    let list = service::feed(&state.db, viewer, &filter, sort).await?;
    let tags = service::top_tags(&state.db, viewer, 20).await?;
    let followed = service::followed_tags(&state.db, viewer).await?;
    let tag = match filter.tag.clone().filter(|_| tag.is_some()) {
        Some(t) => {
            let on = service::follows_tag(&state.db, viewer, &t).await?;
            Some((t, on))
        }
        None => None,
    };
    let heading = match (&tag, filter.kind) {
        (Some((t, _)), _) => format!("Tagged {t}"),
        (None, Some(k)) => k.plural().to_string(),
        (None, None) => "Knowledge".to_string(),
    };
    let moderates = service::moderates_anything(&state.db, viewer).await?;
    Ok(render(FeedPage {
        page,
        moderates,
        heading,
        tag,
        query: filter_query(q),
        filter,
        sort,
        list,
        tags,
        followed,
    })?
    .into_response())
}

async fn feed_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    feed_view(&state, &viewer, page, &q, None).await
}

async fn tag_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(tag): Path<String>,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    feed_view(&state, &viewer, page, &q, Some(tag)).await
}

async fn tag_follow_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(tag): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let on = form.flag("follow");
    let tag = service::follow_tag(&state.db, &viewer, &tag, on).await?;
    let notice = if on {
        "You will be notified of new posts with this tag"
    } else {
        "You no longer follow this tag"
    };
    Ok(redirect_with_notice(&format!("/knowledge/tags/{}", encode(&tag)), notice).into_response())
}

#[derive(Template)]
#[template(path = "knowledge/templates/saved.html")]
struct SavedPage {
    page: PageContext,
    bookmarks: Vec<PostSummary>,
    drafts: Vec<PostSummary>,
    followed: Vec<String>,
}

async fn saved_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    Ok(render(SavedPage {
        page,
        bookmarks: service::bookmarks(&state.db, &viewer).await?,
        drafts: service::drafts(&state.db, &viewer).await?,
        followed: service::followed_tags(&state.db, &viewer).await?,
    })?
    .into_response())
}

// ---- HTML: search ----

#[derive(Template)]
#[template(path = "knowledge/templates/search.html")]
struct SearchPage {
    page: PageContext,
    q: String,
    form: Fields,
    results: Option<SearchResults>,
    query: String,
    error: Option<AppError>,
}

impl SearchPage {
    fn v(&self, name: &str) -> String {
        self.form.text(name).unwrap_or_default()
    }
    fn kinds(&self) -> [PostKind; 5] {
        PostKind::ALL
    }
    fn page_link(&self, n: i64) -> String {
        format!("/search?{}&page={n}", self.query)
    }
    fn prev_link(&self) -> String {
        self.page_link(self.results.as_ref().map(|r| r.page - 1).unwrap_or(1))
    }
    fn next_link(&self) -> Option<String> {
        self.results
            .as_ref()
            .and_then(|r| r.next_page)
            .map(|n| self.page_link(n))
    }
}

async fn search_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let typed = q.text("q").unwrap_or_default();
    let found = match filter_from(&q) {
        Ok(filter) if !typed.is_empty() || has_filter(&filter) => {
            search(&state, &viewer, &typed, &filter).await.map(Some)
        }
        Ok(_) => Ok(None),
        Err(e) => Err(e),
    };
    // A search the form cannot run shows the form again, with what was typed and why.
    let (results, error) = match found {
        Ok(results) => (results, None),
        Err(e @ AppError::Invalid { .. }) => (None, Some(e)),
        Err(e) => return Err(e),
    };
    let status = error
        .as_ref()
        .map(AppError::status)
        .unwrap_or(StatusCode::OK);
    let query = filter_query(&q);
    Ok((
        status,
        render(SearchPage {
            page,
            q: typed,
            form: q,
            results,
            query,
            error,
        })?,
    )
        .into_response())
}

fn has_filter(f: &PostFilter) -> bool {
    f.kind.is_some()
        || f.community_id.is_some()
        || f.tag.is_some()
        || f.author_id.is_some()
        || f.answered.is_some()
}

/// Words match through the index; with only filters, the newest matching posts are listed.
async fn search(
    state: &AppState,
    viewer: &Viewer,
    typed: &str,
    filter: &PostFilter,
) -> AppResult<SearchResults> {
    if typed.chars().count() > 200 {
        return Err(AppError::invalid("q", "keep the search to 200 characters"));
    }
    if filter.page > super::search::MAX_SEARCH_PAGE {
        return Err(AppError::invalid(
            "page",
            "a search shows its first 50 pages: add a word or a filter to narrow it",
        ));
    }
    let (items, more) = if super::search::terms(typed).is_empty() {
        let page = service::feed(&state.db, viewer, filter, FeedSort::Newest).await?;
        let items = page
            .items
            .into_iter()
            .map(|post| SearchHit {
                title_html: super::search::highlight(&post.title, &[], usize::MAX),
                snippet: String::new(),
                post,
            })
            .collect();
        (items, page.next_page.is_some())
    } else {
        // One hit more than a page says whether another page follows.
        let mut items =
            super::search::search(&state.db, &state.cache.search, viewer.id, typed, filter).await?;
        let more = items.len() as i64 > PAGE_SIZE;
        items.truncate(PAGE_SIZE as usize);
        (items, more)
    };
    let people = if filter.page <= 1 && !typed.trim().is_empty() && !has_filter(filter) {
        people(state, typed).await?
    } else {
        Vec::new()
    };
    Ok(SearchResults {
        query: typed.to_string(),
        items,
        people,
        page: filter.page,
        next_page: more.then_some(filter.page + 1),
    })
}

/// Members matching the words, through the directory (which applies its own visibility rules).
async fn people(state: &AppState, typed: &str) -> AppResult<Vec<PersonHit>> {
    let query = crate::people::model::DirectoryQuery {
        q: Some(typed.to_string()),
        per_page: Some(5),
        ..Default::default()
    };
    match crate::people::service::directory(state, &query).await {
        Ok(page) => Ok(page
            .members
            .into_iter()
            .map(|m| PersonHit {
                id: m.id,
                name: m.name,
                title: m.title,
                department: m.department,
            })
            .collect()),
        // A search for words the directory refuses (too many, say) still finds posts.
        Err(AppError::Invalid { .. }) => Ok(Vec::new()),
        Err(e) => Err(e),
    }
}

// ---- HTML: write and edit ----

#[derive(Template)]
#[template(path = "knowledge/templates/form.html")]
struct FormPage {
    page: PageContext,
    /// The post being edited: (id, title, draft); None for a new one.
    editing: Option<(i64, String, bool)>,
    form: Fields,
    communities: Vec<(i64, String)>,
    error: Option<AppError>,
}

impl FormPage {
    fn v(&self, name: &str) -> String {
        self.form.raw(name).unwrap_or_default()
    }
    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.user_message())
    }
    fn kinds(&self) -> [PostKind; 5] {
        PostKind::ALL
    }
    fn is_kind(&self, k: &PostKind) -> bool {
        self.form.text("kind").as_deref() == Some(k.as_str())
    }
    fn is_community(&self, id: &i64) -> bool {
        self.form.int("community_id").ok().flatten() == Some(*id)
    }
    fn action(&self) -> String {
        match &self.editing {
            Some((id, _, _)) => format!("/knowledge/{id}/edit"),
            None => "/knowledge/new".into(),
        }
    }
}

async fn form_page(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    editing: Option<(i64, String, bool)>,
    form: Fields,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error
        .as_ref()
        .map(AppError::status)
        .unwrap_or(StatusCode::OK);
    let communities = super::store::my_communities(&state.db, viewer.id).await?;
    Ok((
        status,
        render(FormPage {
            page,
            editing,
            form,
            communities,
            error,
        })?,
    )
        .into_response())
}

async fn new_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let mut pairs = vec![(
        "kind".to_string(),
        q.text("kind").unwrap_or_else(|| "question".into()),
    )];
    if let Some(c) = q.text("community") {
        pairs.push(("community_id".into(), c));
    }
    if let Some(t) = q.text("tag") {
        pairs.push(("tags".into(), t));
    }
    form_page(&state, &viewer, page, None, Fields::new(pairs), None).await
}

fn input_from(form: &Fields) -> AppResult<PostInput> {
    let kind = match form.text("kind") {
        Some(k) => PostKind::parse("kind", &k)?,
        None => return Err(AppError::invalid("kind", "choose what you are writing")),
    };
    Ok(PostInput {
        kind,
        community_id: form.int("community_id")?,
        title: form.raw("title").unwrap_or_default(),
        body: form.raw("body").unwrap_or_default(),
        tags: vec![form.raw("tags").unwrap_or_default()],
        draft: form.text("action").as_deref() == Some("draft"),
    })
}

async fn new_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = match input_from(&form) {
        Ok(input) => service::create(&state.db, &viewer, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(p) if p.draft => Ok(redirect_with_notice(
            &link(p.id),
            "Draft saved; only you can see it",
        )
        .into_response()),
        Ok(p) => Ok(redirect_with_notice(&link(p.id), "Published").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            form_page(&state, &viewer, page, None, form, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let post = service::post(&state.db, &viewer, id).await?;
    if !post.permissions.edit {
        return Err(AppError::forbidden(
            "only the author and the community's moderators can edit this",
        ));
    }
    let s = &post.summary;
    let form = Fields::new(vec![
        ("kind".into(), s.kind.as_str().into()),
        ("title".into(), s.title.clone()),
        ("body".into(), post.body.clone()),
        ("tags".into(), tags_text(&s.tags)),
    ]);
    form_page(
        &state,
        &viewer,
        page,
        Some((id, s.title.clone(), s.draft)),
        form,
        None,
    )
    .await
}

async fn edit_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let patch = PostPatch {
        title: Some(form.raw("title").unwrap_or_default()),
        body: Some(form.raw("body").unwrap_or_default()),
        tags: Some(vec![form.raw("tags").unwrap_or_default()]),
        note: form.raw("note"),
        publish: form.text("action").as_deref() == Some("publish"),
    };
    match service::update(&state.db, &viewer, id, &patch).await {
        Ok(p) => Ok(redirect_with_notice(
            &link(p.id),
            if p.draft { "Draft saved" } else { "Saved" },
        )
        .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let post = service::post(&state.db, &viewer, id).await?;
            let editing = Some((id, post.summary.title.clone(), post.summary.draft));
            form_page(&state, &viewer, page, editing, form, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

async fn delete_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::delete(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice("/knowledge/saved", "Deleted").into_response())
}

// ---- HTML: a post ----

/// A form on the post page that was refused: which, what was typed, why.
struct Refused {
    form: String,
    body: String,
    error: AppError,
}

#[derive(Template)]
#[template(path = "knowledge/templates/post.html")]
struct PostView {
    page: PageContext,
    post: Post,
    refused: Option<Refused>,
}

impl PostView {
    fn error_in(&self, form: &str) -> Option<String> {
        self.refused
            .as_ref()
            .filter(|r| r.form == form)
            .map(|r| r.error.user_message())
    }
    fn typed(&self, form: &str) -> String {
        self.refused
            .as_ref()
            .filter(|r| r.form == form)
            .map(|r| r.body.clone())
            .unwrap_or_default()
    }
    fn is_mine(&self, author: &Option<Author>) -> bool {
        author
            .as_ref()
            .is_some_and(|a| a.id == self.page.viewer_id())
    }
}

async fn show(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    id: i64,
    refused: Option<Refused>,
) -> AppResult<Response> {
    let post = service::post(&state.db, viewer, id).await?;
    let status = refused
        .as_ref()
        .map(|r| r.error.status())
        .unwrap_or(StatusCode::OK);
    Ok((
        status,
        render(PostView {
            page,
            post,
            refused,
        })?,
    )
        .into_response())
}

async fn post_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    show(&state, &viewer, page, id, None).await
}

/// After a form on the post page: back to the post, or the page again with the message.
async fn after(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    id: i64,
    form_name: String,
    body: String,
    result: AppResult<String>,
) -> AppResult<Response> {
    match result {
        Ok(to) => Ok(axum::response::Redirect::to(&to).into_response()),
        Err(error @ (AppError::Invalid { .. } | AppError::Forbidden(_))) => {
            show(
                state,
                viewer,
                page,
                id,
                Some(Refused {
                    form: form_name,
                    body,
                    error,
                }),
            )
            .await
        }
        Err(e) => Err(e),
    }
}

async fn answer_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let body = form.raw("body").unwrap_or_default();
    let result = service::answer(&state.db, &viewer, id, &body)
        .await
        .map(|a| format!("/knowledge/{id}#answer-{a}"));
    after(&state, &viewer, page, id, "answer".into(), body, result).await
}

async fn comment_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let body = form.raw("body").unwrap_or_default();
    let answer_id = form.int("answer_id");
    let form_name = match answer_id {
        Ok(Some(a)) => format!("comment-{a}"),
        _ => "comment".into(),
    };
    let result = match answer_id {
        Ok(answer_id) => service::comment(
            &state.db,
            &viewer,
            id,
            &CommentInput {
                answer_id,
                body: body.clone(),
            },
        )
        .await
        .map(|c| format!("/knowledge/{id}#comment-{c}")),
        Err(e) => Err(e),
    };
    after(&state, &viewer, page, id, form_name, body, result).await
}

async fn vote_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let answer_id = form.int("answer_id")?;
    let value = form.int("value")?.unwrap_or(0);
    let anchor = answer_id
        .map(|a| format!("#answer-{a}"))
        .unwrap_or_default();
    let result = service::vote(&state.db, &viewer, id, answer_id, value)
        .await
        .map(|_| format!("/knowledge/{id}{anchor}"));
    after(
        &state,
        &viewer,
        page,
        id,
        "vote".into(),
        String::new(),
        result,
    )
    .await
}

async fn accept_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let answer_id = form.int("answer_id")?;
    let result = service::accept(&state.db, &viewer, id, answer_id)
        .await
        .map(|_| format!("/knowledge/{id}"));
    after(
        &state,
        &viewer,
        page,
        id,
        "accept".into(),
        String::new(),
        result,
    )
    .await
}

async fn bookmark_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let on = form.flag("on");
    service::mark_post(&state.db, &viewer, id, Mark::Bookmark, on).await?;
    Ok(redirect_with_notice(
        &link(id),
        if on { "Bookmarked" } else { "Bookmark removed" },
    )
    .into_response())
}

async fn follow_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let on = form.flag("on");
    service::mark_post(&state.db, &viewer, id, Mark::FollowPost, on).await?;
    let notice = if on {
        "You will be notified of answers and comments"
    } else {
        "You no longer follow this"
    };
    Ok(redirect_with_notice(&link(id), notice).into_response())
}

#[derive(Template)]
#[template(path = "knowledge/templates/answer_form.html")]
struct AnswerForm {
    page: PageContext,
    post: PostSummary,
    answer_id: i64,
    body: String,
    error: Option<AppError>,
}

async fn answer_edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(answer): Path<i64>,
) -> AppResult<Response> {
    let (post, a) = service::answer_for_edit(&state.db, &viewer, answer).await?;
    Ok(render(AnswerForm {
        page,
        post,
        answer_id: a.id,
        body: a.body,
        error: None,
    })?
    .into_response())
}

async fn answer_edit_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(answer): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let body = form.raw("body").unwrap_or_default();
    match service::edit_answer(&state.db, &viewer, answer, &body).await {
        Ok(post_id) => Ok(redirect_with_notice(
            &format!("/knowledge/{post_id}#answer-{answer}"),
            "Answer saved",
        )
        .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let (post, _) = service::answer_for_edit(&state.db, &viewer, answer).await?;
            let status = e.status();
            Ok((
                status,
                render(AnswerForm {
                    page,
                    post,
                    answer_id: answer,
                    body,
                    error: Some(e),
                })?,
            )
                .into_response())
        }
        Err(e) => Err(e),
    }
}

// ---- HTML: history ----

#[derive(Template)]
#[template(path = "knowledge/templates/history.html")]
struct HistoryPage {
    page: PageContext,
    post: PostSummary,
    revisions: Vec<Revision>,
}

async fn history_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (post, revisions) = service::revisions(&state.db, &viewer, id).await?;
    Ok(render(HistoryPage {
        page,
        post,
        revisions,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "knowledge/templates/revision.html")]
struct RevisionPage {
    page: PageContext,
    post: PostSummary,
    detail: RevisionDetail,
    may_restore: bool,
}

async fn revision_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path((id, number)): Path<(i64, i64)>,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let (post, detail) =
        service::revision(&state.db, &viewer, id, number, q.int("compare")?).await?;
    let full = service::post(&state.db, &viewer, id).await?;
    Ok(render(RevisionPage {
        page,
        may_restore: full.permissions.edit && full.revision != number,
        post,
        detail,
    })?
    .into_response())
}

async fn restore_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, number)): Path<(i64, i64)>,
) -> AppResult<Response> {
    service::restore(&state.db, &viewer, id, number).await?;
    Ok(redirect_with_notice(
        &link(id),
        &format!("Revision {number} restored as the latest"),
    )
    .into_response())
}

// ---- JSON API ----

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct FeedParams {
    /// question, article, best_practice, lesson_learned or resource.
    kind: Option<String>,
    /// A community id.
    community: Option<i64>,
    tag: Option<String>,
    /// An author's member id.
    author: Option<i64>,
    /// Published on or after (YYYY-MM-DD).
    from: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    to: Option<String>,
    /// Questions with (true) or without (false) answers.
    answered: Option<bool>,
    /// activity (default), newest, top or unanswered.
    sort: Option<String>,
    /// From 1; 20 per page.
    page: Option<i64>,
}

/// Posts you may see, filtered and sorted, 20 per page.
#[utoipa::path(get, path = "/posts", tag = "knowledge", params(FeedParams),
    responses((status = 200, body = PostPage), (status = 422, body = ErrorBody)))]
async fn api_feed(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<PostPage>> {
    let filter = filter_from(&q)?;
    let sort = FeedSort::parse(q.text("sort").as_deref())?;
    Ok(Json(
        service::feed(&state.db, &viewer, &filter, sort).await?,
    ))
}

/// Publish a post (or save a draft). In a community, you must be its member.
#[utoipa::path(post, path = "/posts", tag = "knowledge", request_body = PostInput,
    responses((status = 201, body = PostSummary), (status = 422, body = ErrorBody)))]
async fn api_create(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<PostInput>,
) -> AppResult<(StatusCode, Json<PostSummary>)> {
    let post = service::create(&state.db, &viewer, &input).await?;
    Ok((StatusCode::CREATED, Json(post)))
}

/// Your drafts.
#[utoipa::path(get, path = "/me/drafts", tag = "knowledge",
    responses((status = 200, body = Vec<PostSummary>)))]
async fn api_drafts(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<PostSummary>>> {
    Ok(Json(service::drafts(&state.db, &viewer).await?))
}

/// Your bookmarks (those you may still see).
#[utoipa::path(get, path = "/me/bookmarks", tag = "knowledge",
    responses((status = 200, body = Vec<PostSummary>)))]
async fn api_bookmarks(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<PostSummary>>> {
    Ok(Json(service::bookmarks(&state.db, &viewer).await?))
}

/// A post with its answers, comments and related posts. Not found when you may not see it.
#[utoipa::path(get, path = "/posts/{id}", tag = "knowledge",
    responses((status = 200, body = Post), (status = 404, body = ErrorBody)))]
async fn api_post(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Post>> {
    Ok(Json(service::post(&state.db, &viewer, id).await?))
}

/// Edit a post: a new revision (author, community moderators, admins). `publish` publishes a draft.
#[utoipa::path(patch, path = "/posts/{id}", tag = "knowledge", request_body = PostPatch,
    responses((status = 200, body = PostSummary), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(patch): ApiJson<PostPatch>,
) -> AppResult<Json<PostSummary>> {
    Ok(Json(service::update(&state.db, &viewer, id, &patch).await?))
}

/// Delete your draft (admins: any post).
#[utoipa::path(delete, path = "/posts/{id}", tag = "knowledge",
    responses((status = 204), (status = 403, body = ErrorBody)))]
async fn api_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::delete(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A post's revisions, latest first.
#[utoipa::path(get, path = "/posts/{id}/revisions", tag = "knowledge",
    responses((status = 200, body = Vec<Revision>)))]
async fn api_revisions(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<Revision>>> {
    Ok(Json(service::revisions(&state.db, &viewer, id).await?.1))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct CompareParams {
    /// The revision to compare with (default: the one before).
    compare: Option<i64>,
}

/// One revision, with the line diff from the one before (or from `compare`).
#[utoipa::path(get, path = "/posts/{id}/revisions/{number}", tag = "knowledge", params(CompareParams),
    responses((status = 200, body = RevisionDetail), (status = 404, body = ErrorBody)))]
async fn api_revision(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, number)): Path<(i64, i64)>,
    QueryFields(q): QueryFields,
) -> AppResult<Json<RevisionDetail>> {
    Ok(Json(
        service::revision(&state.db, &viewer, id, number, q.int("compare")?)
            .await?
            .1,
    ))
}

/// Restore an old revision: it becomes the latest, as a new revision.
#[utoipa::path(post, path = "/posts/{id}/revisions/{number}/restore", tag = "knowledge",
    responses((status = 200, body = PostSummary), (status = 403, body = ErrorBody)))]
async fn api_restore(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, number)): Path<(i64, i64)>,
) -> AppResult<Json<PostSummary>> {
    Ok(Json(
        service::restore(&state.db, &viewer, id, number).await?,
    ))
}

#[derive(Serialize, ToSchema)]
struct Created {
    id: i64,
}

/// Answer a question.
#[utoipa::path(post, path = "/posts/{id}/answers", tag = "knowledge", request_body = TextInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_answer(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TextInput>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = service::answer(&state.db, &viewer, id, &input.body).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Change your answer (moderators: any answer in what they moderate).
#[utoipa::path(patch, path = "/answers/{id}", tag = "knowledge", request_body = TextInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_edit_answer(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<TextInput>,
) -> AppResult<StatusCode> {
    service::edit_answer(&state.db, &viewer, id, &input.body).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Comment on a post or one of its answers.
#[utoipa::path(post, path = "/posts/{id}/comments", tag = "knowledge", request_body = CommentInput,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_comment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CommentInput>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = service::comment(&state.db, &viewer, id, &input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[derive(Serialize, ToSchema)]
struct Score {
    score: i64,
}

/// Vote on a post: 1, -1, or 0 to take your vote back. Not on your own.
#[utoipa::path(put, path = "/posts/{id}/vote", tag = "knowledge", request_body = VoteInput,
    responses((status = 200, body = Score), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_vote_post(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<VoteInput>,
) -> AppResult<Json<Score>> {
    let score = service::vote(&state.db, &viewer, id, None, input.value).await?;
    Ok(Json(Score { score }))
}

/// Vote on an answer: 1, -1, or 0 to take your vote back. Not on your own.
#[utoipa::path(put, path = "/answers/{id}/vote", tag = "knowledge", request_body = VoteInput,
    responses((status = 200, body = Score), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn api_vote_answer(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<VoteInput>,
) -> AppResult<Json<Score>> {
    let (post_id, _, _) = super::store::answer_owner(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    let score = service::vote(&state.db, &viewer, post_id, Some(id), input.value).await?;
    Ok(Json(Score { score }))
}

/// The asker accepts an answer of their question (null: none).
#[utoipa::path(put, path = "/posts/{id}/accepted", tag = "knowledge", request_body = AcceptInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_accept(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AcceptInput>,
) -> AppResult<StatusCode> {
    service::accept(&state.db, &viewer, id, input.answer_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Bookmark a post.
#[utoipa::path(put, path = "/posts/{id}/bookmark", tag = "knowledge", responses((status = 204)))]
async fn api_bookmark(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::mark_post(&state.db, &viewer, id, Mark::Bookmark, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a bookmark.
#[utoipa::path(delete, path = "/posts/{id}/bookmark", tag = "knowledge", responses((status = 204)))]
async fn api_unbookmark(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::mark_post(&state.db, &viewer, id, Mark::Bookmark, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Follow a post: notified of its answers and comments.
#[utoipa::path(put, path = "/posts/{id}/follow", tag = "knowledge", responses((status = 204)))]
async fn api_follow(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::mark_post(&state.db, &viewer, id, Mark::FollowPost, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following a post.
#[utoipa::path(delete, path = "/posts/{id}/follow", tag = "knowledge", responses((status = 204)))]
async fn api_unfollow(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::mark_post(&state.db, &viewer, id, Mark::FollowPost, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Follow a tag: notified of new posts with it.
#[utoipa::path(put, path = "/tags/{tag}/follow", tag = "knowledge",
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn api_follow_tag(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(tag): Path<String>,
) -> AppResult<StatusCode> {
    service::follow_tag(&state.db, &viewer, &tag, true).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following a tag.
#[utoipa::path(delete, path = "/tags/{tag}/follow", tag = "knowledge",
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn api_unfollow_tag(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(tag): Path<String>,
) -> AppResult<StatusCode> {
    service::follow_tag(&state.db, &viewer, &tag, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The most used tags on posts you may see.
#[utoipa::path(get, path = "/tags", tag = "knowledge", responses((status = 200, body = Vec<TagCount>)))]
async fn api_tags(State(state): State<AppState>, viewer: Viewer) -> AppResult<Json<Vec<TagCount>>> {
    Ok(Json(service::top_tags(&state.db, &viewer, 100).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct SearchParams {
    /// Words; each matches the start of a word, accents ignored; CJK text matched by pairs.
    q: Option<String>,
    kind: Option<String>,
    community: Option<i64>,
    tag: Option<String>,
    author: Option<i64>,
    /// Published on or after (YYYY-MM-DD).
    from: Option<String>,
    /// Published on or before (YYYY-MM-DD).
    to: Option<String>,
    answered: Option<bool>,
    /// From 1; 20 per page.
    page: Option<i64>,
}

/// Full-text search over titles, tags, bodies and answers (ranked, with highlighted snippets)
/// and, on the first page, members.
#[utoipa::path(get, path = "/search", tag = "knowledge", params(SearchParams),
    responses((status = 200, body = SearchResults), (status = 422, body = ErrorBody)))]
async fn api_search(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<SearchResults>> {
    let filter = filter_from(&q)?;
    let typed = q.text("q").unwrap_or_default();
    Ok(Json(search(&state, &viewer, &typed, &filter).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct RouteParams {
    /// Questions unanswered for at least this many hours (default 24).
    older_than_hours: Option<i64>,
}

/// Admins: suggest unanswered questions to likely experts now (Grove also does it every ten minutes).
#[utoipa::path(post, path = "/questions/route-unanswered", tag = "knowledge", params(RouteParams),
    responses((status = 200, body = Vec<RoutedQuestion>), (status = 403, body = ErrorBody)))]
async fn api_route_unanswered(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<Vec<RoutedQuestion>>> {
    if !viewer.is_admin() {
        return Err(AppError::forbidden("only admins can do this"));
    }
    let hours = q.int("older_than_hours")?.unwrap_or(24);
    if hours < 0 {
        return Err(AppError::invalid(
            "older_than_hours",
            "give zero or more hours",
        ));
    }
    Ok(Json(
        service::route_unanswered(&state.db, hours * 3600).await?,
    ))
}
