//! The OpenAPI document's frame; every path in it comes from the handlers' annotations.

use utoipa::openapi::security::{Http, HttpAuthScheme, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Grove API",
        description = "Everything Grove's pages do, as JSON. Authenticate with a personal access token (`Authorization: Bearer grove_...`, created under Settings → Access tokens) or with a session cookie plus the `X-CSRF-Token` header on state-changing requests. Errors are `{\"error\": {\"code\", \"message\", \"field\"}}`."
    ),
    servers((url = "/api/v1")),
    modifiers(&BearerAuth),
    tags(
        (name = "auth", description = "Sign-in, sessions, access tokens, invitations"),
        (name = "people", description = "Profiles and the directory"),
        (name = "connections", description = "Connections, follows and endorsements"),
        (name = "communities", description = "Communities: open, by request or private; members and roles, requests, invitations, suggestions"),
        (name = "admin", description = "Values, skills taxonomy, departments, roles, settings"),
        (name = "network", description = "People you may want to know, experts, network health"),
        (name = "mentorships", description = "Mentoring relationships: goals, check-ins, private notes, milestones, ending, feedback"),
        (name = "notifications", description = "In-app notifications"),
        (name = "knowledge", description = "Questions, answers, articles, best practices, lessons learned, resources; comments, votes, revisions, bookmarks, follows; full-text search"),
        (name = "moderation", description = "Flags, the moderation queue, hiding and restoring content, locking threads, the moderation log"),
        (name = "recognition", description = "Kudos, reputation, badges and leaderboards")
    )
)]
struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "token",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
    }
}

pub fn base() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}
