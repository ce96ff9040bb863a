//! Prints a generated organization as JSON:
//! `cargo run -p grove-demo --example dump -- [members] [seed] > org.json` (default 300, 1).

fn main() {
    let mut args = std::env::args().skip(1);
    let members = args.next().and_then(|a| a.parse().ok()).unwrap_or(300);
    let seed = args.next().and_then(|a| a.parse().ok()).unwrap_or(1);
    let org = grove_demo::generate(members, seed);
    match serde_json::to_string_pretty(&org) {
        Ok(json) => println!("{json}"),
        Err(e) => eprintln!("cannot serialize: {e}"),
    }
}
