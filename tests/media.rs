//! Media: uploads through the API and the library page, what is refused, featured images.

use std::io::Cursor;

use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::helpers::{Page, TestApp, TestDb};

crate::on_both_databases!(
    an_image_upload_is_reencoded_with_renditions_and_served,
    refused_uploads_say_why_and_leave_nothing_behind,
    the_library_page_uploads_with_its_csrf_token,
    a_featured_image_shows_on_the_article_with_srcset,
);

/// A PNG of the given size.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    image::DynamicImage::new_rgb8(width, height).write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png).unwrap();
    out
}

/// A JPEG carrying an EXIF block with a camera serial number.
fn jpeg_with_exif() -> Vec<u8> {
    let mut plain = Vec::new();
    image::DynamicImage::new_rgb8(1200, 800).write_to(&mut Cursor::new(&mut plain), image::ImageFormat::Jpeg).unwrap();
    let exif = b"Exif\0\0SERIAL-NUMBER-4242";
    let mut out = plain[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((exif.len() + 2) as u16).to_be_bytes());
    out.extend(exif);
    out.extend(&plain[2..]);
    out
}

fn form(file: Vec<u8>, name: &str, alt: &str) -> Form {
    Form::new()
        .part("file", Part::bytes(file).file_name(name.to_owned()))
        .text("alt", alt.to_owned())
        .text("caption", "Kabul, Thursday")
        .text("credit", "Photo: VB")
}

pub async fn upload(app: &TestApp, token: &str, form: Form) -> (u16, serde_json::Value) {
    let response =
        app.client.post(app.url("/api/v1/newsroom/media")).bearer_auth(token).multipart(form).send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(serde_json::Value::Null))
}

pub fn files_in(app: &TestApp) -> usize {
    files_under(&app.state.config.data_dir.join("media"))
}

/// Files under `dir`, at any depth.
pub fn files_under(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| if e.path().is_dir() { files_under(&e.path()) } else { 1 })
        .sum()
}

async fn an_image_upload_is_reencoded_with_renditions_and_served(db: TestDb) {
    let app = TestApp::spawn(db).await;
    // The sample content's photos are in the library already.
    let before = files_in(&app);
    let reporter = app.staff("reporter", "Photo Reporter").await;
    let (status, media) =
        upload(&app, &reporter.token, form(jpeg_with_exif(), "../../etc/passwd.jpg", "Officials meet in Kabul")).await;
    assert_eq!(status, 201, "{media}");
    assert_eq!((media["width"].as_i64(), media["height"].as_i64()), (Some(1200), Some(800)));
    assert_eq!(media["mime"], "image/jpeg");
    let widths: Vec<i64> =
        media["renditions"].as_array().unwrap().iter().map(|r| r["width"].as_i64().unwrap()).collect();
    assert_eq!(widths, [480, 960]);
    let url = media["url"].as_str().unwrap();
    assert!(!url.contains("passwd"), "the server names the file: {url}");
    let original = app.client.get(url).send().await.unwrap();
    assert_eq!(original.status(), 200);
    assert_eq!(original.headers()["cache-control"], "public, max-age=31536000, immutable");
    let bytes = original.bytes().await.unwrap();
    assert!(!bytes.windows(13).any(|w| w == b"SERIAL-NUMBER"), "metadata is stripped");
    let small =
        app.client.get(media["renditions"][0]["url"].as_str().unwrap()).send().await.unwrap().bytes().await.unwrap();
    assert_eq!(image::load_from_memory(&small).unwrap().width(), 480);
    assert_eq!(files_in(&app), before + 3, "the original and two renditions");
    let (status, library) = reporter.get("/api/v1/newsroom/media").await;
    assert_eq!(status, 200);
    assert_eq!(library[0]["alt"], "Officials meet in Kabul");
}

async fn refused_uploads_say_why_and_leave_nothing_behind(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let media_count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM media").fetch_one(&app.state.db.pool).await.unwrap()
    };
    let (rows_before, files_before) = (media_count().await, files_in(&app));
    let editor = app.staff("editor", "Careful Uploader").await;
    let mut broken = png(50, 50);
    broken.truncate(60);
    for (form, says) in [
        (form(b"just some text, not a picture".to_vec(), "photo.jpg", "alt"), "not a JPEG, PNG or WebP"),
        (form(broken, "broken.png", "alt"), "could not be read"),
        (form(png(9000, 10), "wide.png", "alt"), "9000"),
        (form(png(100, 100), "fine.png", "   "), "alt text"),
        (Form::new().text("alt", "no file"), "file"),
    ] {
        let (status, body) = upload(&app, &editor.token, form).await;
        assert_eq!(status, 422, "{body}");
        let message = body["error"]["message"].as_str().unwrap();
        assert!(message.contains(says), "{message}");
    }
    assert_eq!(media_count().await, rows_before, "nothing stored");
    assert_eq!(files_in(&app), files_before, "nothing left on disk");
    let big = vec![0u8; 11 * 1024 * 1024];
    let (status, _) = upload(&app, &editor.token, form(big, "big.jpg", "alt")).await;
    assert_eq!(status, 413);
    let moderator = app.staff("moderator", "No Uploads").await;
    assert_eq!(upload(&app, &moderator.token, form(png(10, 10), "x.png", "alt")).await.0, 403);
}

async fn the_library_page_uploads_with_its_csrf_token(db: TestDb) {
    let app = TestApp::spawn(db).await;
    app.staff("reporter", "Page Uploader").await;
    let browser = app.browser();
    assert_eq!(browser.login("page.uploader@staff.test", "staff pass phrase").await.status(), 303);
    let page = browser.page("/newsroom/media").await;
    let action = page.attr("form[enctype='multipart/form-data']", "action");
    assert!(action.starts_with("/newsroom/media?csrf="));
    let ok = browser
        .client
        .post(browser.url(&action))
        .multipart(form(png(800, 600), "a.png", "A test card"))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 303);
    let without = browser
        .client
        .post(browser.url("/newsroom/media"))
        .multipart(form(png(800, 600), "b.png", "Forged"))
        .send()
        .await
        .unwrap();
    assert_eq!(without.status(), 403);
    let refused = browser
        .client
        .post(browser.url(&action))
        .multipart(form(b"text".to_vec(), "c.png", "Text"))
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 422);
    assert!(Page::new(&refused.text().await.unwrap()).text(".form-error").contains("not a JPEG"));
    let library = browser.page("/newsroom/media").await;
    let alts = library.attrs(".nr-media img", "alt");
    assert_eq!(alts.first().map(String::as_str), Some("A test card"), "the upload heads the library: {alts:?}");
    assert!(!alts.iter().any(|a| a == "Forged" || a == "Text"), "refused uploads are not in it: {alts:?}");
}

async fn a_featured_image_shows_on_the_article_with_srcset(db: TestDb) {
    let app = TestApp::spawn(db).await;
    let editor = app.staff("editor", "Picture Editor").await;
    let (_, media) = upload(&app, &editor.token, form(png(1800, 1000), "kabul.png", "Officials meet in Kabul")).await;
    let image_id = media["id"].as_i64().unwrap();
    let (_, article) = editor.get("/api/v1/newsroom/articles/1").await;
    let (status, _) =
        editor.patch("/api/v1/newsroom/articles/1", json!({"version": article["version"], "image_id": 999999})).await;
    assert_eq!(status, 422);
    let (status, saved) =
        editor.patch("/api/v1/newsroom/articles/1", json!({"version": article["version"], "image_id": image_id})).await;
    assert_eq!(status, 200, "{saved}");
    let page = app.page("/en/news/1/russia-officially-recognises-afghanistans-taliban-govt").await;
    assert_eq!(page.attr(".hero img", "alt"), "Officials meet in Kabul");
    assert_eq!(page.attr(".hero img", "width"), "1800");
    let srcset = page.attr(".hero img", "srcset");
    assert!(
        srcset.contains(" 480w") && srcset.contains(" 960w") && srcset.contains(" 1600w") && srcset.contains(" 1800w"),
        "{srcset}"
    );
    assert!(page.text(".hero figcaption").contains("Photo: VB"));
    let src = page.attr(".hero img", "src");
    assert_eq!(app.get(&src).await.status(), 200);
}
