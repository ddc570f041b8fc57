//! Checking what an editor sends against the edition and the article as it is, into the
//! content a save writes: headline and text limits, section, bylines, topics, slug, image.

use super::invalid;
use crate::articles::model::Slug;
use crate::body::Body;
use crate::body::render::render;
use crate::bylines::db::{self as bylines, BylineProfile};
use crate::editions::Lang;
use crate::error::AppError;
use crate::html::SafeHtml;
use crate::newsroom::api::ArticleInput;
use crate::newsroom::auth::Staff;
use crate::newsroom::db::{self, Content, EditRow};
use crate::newsroom::model::{self, MAX_BODY, MAX_STANDFIRST};
use crate::newsroom::policy::Role;
use crate::state::AppState;

/// Checks the input against the article as it is (`None` when creating) and builds the content.
pub async fn content(
    state: &AppState,
    staff: &Staff,
    lang: Lang,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Content, AppError> {
    let title =
        model::title(input.title.as_deref().or(current.map(|c| c.title.as_str())).unwrap_or("")).map_err(invalid)?;
    let standfirst = model::bounded(
        "standfirst",
        input.standfirst.as_deref().or(current.map(|c| c.standfirst.as_str())).unwrap_or(""),
        MAX_STANDFIRST,
    )
    .map_err(invalid)?;
    let body = checked_body(input, current)?;
    let section = input
        .section
        .as_deref()
        .or(current.map(|c| c.section_slug.as_str()))
        .ok_or_else(|| invalid("Choose a section."))?;
    let section_id = db::section_id(&state.db, lang, section)
        .await?
        .ok_or_else(|| invalid(format!("There is no section “{section}” in the {} edition.", lang.code())))?;
    let byline_ids = checked_bylines(state, staff, input, current).await?;
    let topic_ids = checked_topics(state, lang, input, current).await?;
    let slug = slug_for(input, current, &title);
    let premoderate = input.premoderate.or(current.map(|c| c.premoderate != 0)).unwrap_or(false);
    let image_id = checked_image(state, input, current).await?;
    let (body, body_html) = placed_photos(state, lang, body).await?;
    Ok(Content {
        premoderate,
        image_id,
        body,
        body_html,
        seo_title: model::bounded(
            "SEO title",
            input.seo_title.as_deref().or(current.map(|c| c.seo_title.as_str())).unwrap_or(""),
            200,
        )
        .map_err(invalid)?,
        seo_description: model::bounded(
            "SEO description",
            input.seo_description.as_deref().or(current.map(|c| c.seo_description.as_str())).unwrap_or(""),
            400,
        )
        .map_err(invalid)?,
        title,
        standfirst,
        slug,
        section_id,
        byline_ids,
        topic_ids,
    })
}

/// The bylines the input gives, else the article's own, else (for a new story) the caller's
/// own byline: at least one, each known. A byline merged into another credits that one; a
/// retired byline stays on a story that had it and is refused for any other. A reporter credits
/// their own byline (with co-authors if they like) or a desk or agency; crediting someone else
/// alone is an editor's call.
async fn checked_bylines(
    state: &AppState,
    staff: &Staff,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Vec<i64>, AppError> {
    let had: Vec<i64> = match current {
        Some(c) => crate::articles::db::bylines_of(&state.db, c.id).await?.into_iter().map(|b| b.id).collect(),
        None => Vec::new(),
    };
    let slugs = match &input.byline {
        Some(b) => unique(b.iter().map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()),
        None if current.is_some() => return Ok(had),
        None => bylines::of_user(&state.db, staff.id).await?.map(|b| b.slug).into_iter().collect(),
    };
    if slugs.is_empty() {
        return Err(invalid("Give a byline: a desk or at least one reporter."));
    }
    let mut credited: Vec<BylineProfile> = Vec::with_capacity(slugs.len());
    for slug in &slugs {
        let mut byline = bylines::by_slug(&state.db, slug)
            .await?
            .ok_or_else(|| invalid(format!("There is no desk or reporter {slug}.")))?;
        if let Some(into) = byline.merged_into {
            byline = bylines::find(&state.db, into)
                .await?
                .ok_or_else(|| invalid(format!("There is no desk or reporter {slug}.")))?;
        }
        if byline.retired_at.is_some() && !had.contains(&byline.id) {
            return Err(invalid(format!(
                "{} is retired: the byline stays on earlier stories and is not credited on new ones.",
                byline.name
            )));
        }
        if !credited.iter().any(|b| b.id == byline.id) {
            credited.push(byline);
        }
    }
    let ids: Vec<i64> = credited.iter().map(|b| b.id).collect();
    let unchanged = current.is_some() && ids == had;
    let own_or_desk = credited.iter().any(|b| b.user_id == Some(staff.id) || b.credit().is_organisation());
    if staff.role == Role::Reporter && !unchanged && !own_or_desk {
        let names: Vec<&str> = credited.iter().map(|b| b.name.as_str()).collect();
        return Err(AppError::Forbidden(format!(
            "As a reporter you credit a story to your own byline (add co-authors beside it) or to a desk; \
             crediting {} alone is for an editor.",
            names.join(" and ")
        )));
    }
    Ok(ids)
}

/// The topics the input gives, else the article's own; each a topic of the edition.
async fn checked_topics(
    state: &AppState,
    lang: Lang,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Vec<i64>, AppError> {
    let topic_slugs = match (&input.topics, current) {
        (Some(t), _) => t.clone(),
        (None, Some(c)) => crate::articles::db::topics_of(&state.db, c.id).await?.into_iter().map(|t| t.slug).collect(),
        (None, None) => Vec::new(),
    };
    let topic_slugs = unique(topic_slugs);
    db::topic_ids(&state.db, lang, &topic_slugs)
        .await?
        .map_err(|s| invalid(format!("There is no topic “{s}” in the {} edition.", lang.code())))
}

/// The address slug. Until the story is first published it follows the headline, unless it
/// was chosen by hand: a hand-chosen slug is one that differs from the slug of the headline it
/// was saved with. Once published, the address stays. A slug sent back unchanged (the editor's
/// form always sends the field) is no choice; an empty one asks for the headline's again.
fn slug_for(input: &ArticleInput, current: Option<&EditRow>, title: &str) -> String {
    let from = |text: &str| Slug::from_title(text).as_str().to_owned();
    let given = match input.slug.as_deref().map(str::trim) {
        Some("") => return from(title),
        Some(s) => Some(from(s)).filter(|s| current.is_none_or(|c| c.slug != *s)),
        None => None,
    };
    match (given, current) {
        (Some(chosen), _) => chosen,
        (None, None) => from(title),
        (None, Some(c)) if c.published_at.is_none() && c.slug == from(&c.title) => from(title),
        (None, Some(c)) => c.slug.clone(),
    }
}

/// The featured image: the one given (0 removes it), which must be in the media library, or
/// the article's own.
async fn checked_image(
    state: &AppState,
    input: &ArticleInput,
    current: Option<&EditRow>,
) -> Result<Option<i64>, AppError> {
    Ok(match input.image_id {
        Some(0) => None,
        Some(id) => Some(
            crate::media::db::find(&state.db, id)
                .await?
                .ok_or_else(|| invalid(format!("There is no image {id} in the media library.")))?
                .id,
        ),
        None => current.and_then(|c| c.image_id),
    })
}

/// The body the input gives (HTML as `body_html`, Markdown as `body`), else the article's own.
fn checked_body(input: &ArticleInput, current: Option<&EditRow>) -> Result<Body, AppError> {
    let body = match (input.body_html.as_deref(), input.body.as_deref()) {
        (Some(_), Some(_)) => {
            return Err(invalid("Send the body once: as HTML in `body_html` or as Markdown in `body`, not both."));
        }
        (Some(html), None) => Body::from_html(model::bounded("body", html, MAX_BODY).map_err(invalid)?.as_str()),
        (None, Some(md)) => Body::from_markdown(&model::bounded("body", md, MAX_BODY).map_err(invalid)?),
        (None, None) => current.map(|c| c.body.clone()).unwrap_or_default(),
    };
    // Markdown grows as HTML: the stored form may hold twice the characters typed.
    if body.as_str().chars().count() > MAX_BODY * 2 {
        return Err(invalid("The body is too long for one story: split it in two."));
    }
    Ok(body)
}

/// The photos a body places must be in the media library, each with alt text: the story's
/// own, else the library's. Returns the body with the library's alt text filled in, and the
/// page's HTML.
async fn placed_photos(state: &AppState, lang: Lang, body: Body) -> Result<(Body, SafeHtml), AppError> {
    let mut found = std::collections::HashMap::new();
    for (n, placed) in body.photos().into_iter().enumerate() {
        let row = crate::media::db::find(&state.db, placed.media_id).await?.ok_or_else(|| {
            invalid(format!("Photo {} of the story (image {}) is not in the media library.", n + 1, placed.media_id))
        })?;
        if placed.alt.trim().is_empty() && row.alt.trim().is_empty() {
            return Err(invalid(format!(
                "Photo {} of the story (image {}) needs alt text: describe it for readers who cannot see it.",
                n + 1,
                placed.media_id
            )));
        }
        found.insert(row.id, row);
    }
    let body = body.with_alt_from(|id| found.get(&id).map(|m| m.alt.clone()));
    let rendered = render(&body, lang, &|id| found.get(&id).map(crate::media::photo));
    Ok((body, rendered.html))
}

/// The slugs in their order, each once.
fn unique(slugs: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    slugs.into_iter().filter(|s| seen.insert(s.clone())).collect()
}
