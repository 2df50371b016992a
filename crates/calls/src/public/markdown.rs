//! Markdown written by staff (a call's description) or laureates (their showcase story), rendered safely: raw HTML is shown as
//! text, never passed through; links keep only http(s) and mailto addresses; images become
//! their description (the page loads nothing from elsewhere); headings start at level 3, under
//! the page's own h1 and h2.

use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn safe_url(url: &str) -> bool {
    let u = url.trim().to_ascii_lowercase();
    ["http://", "https://", "mailto:"]
        .iter()
        .any(|s| u.starts_with(s))
}

fn shifted(level: HeadingLevel) -> HeadingLevel {
    use HeadingLevel::*;
    match level {
        H1 => H3,
        H2 => H4,
        H3 => H5,
        _ => H6,
    }
}

/// Safe HTML from Markdown (see the module's documentation).
pub fn render_markdown(src: &str) -> String {
    // Whether each open link was kept, to drop the end of the refused ones.
    let mut links: Vec<bool> = vec![];
    let events = Parser::new_ext(src, Options::ENABLE_STRIKETHROUGH).filter_map(|e| match e {
        Event::Html(raw) | Event::InlineHtml(raw) => Some(Event::Text(raw)),
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            let keep = safe_url(&dest_url);
            links.push(keep);
            keep.then_some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::End(TagEnd::Link) => links.pop().unwrap_or(false).then_some(e),
        Event::Start(Tag::Image { .. }) | Event::End(TagEnd::Image) => None,
        Event::Start(Tag::Heading { level, .. }) => Some(Event::Start(Tag::Heading {
            level: shifted(level),
            id: None::<CowStr>,
            classes: vec![],
            attrs: vec![],
        })),
        Event::End(TagEnd::Heading(level)) => Some(Event::End(TagEnd::Heading(shifted(level)))),
        other => Some(other),
    });
    let mut out = String::with_capacity(src.len() * 3 / 2);
    html::push_html(&mut out, events);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_is_escaped() {
        let out = render_markdown("Bonjour <script>alert(1)</script>\n\n<script>\nalert(2)\n</script>\n\n<img src=x onerror=alert(3)>");
        assert!(!out.contains("<script"), "{out}");
        assert!(!out.contains("<img"), "{out}");
        assert!(
            out.contains("&lt;script&gt;alert(1)&lt;/script&gt;"),
            "{out}"
        );
        assert!(out.contains("&lt;img src=x onerror=alert(3)&gt;"), "{out}");
    }

    #[test]
    fn only_web_and_mail_links_are_kept() {
        let out = render_markdown(
            "[site](https://essor.example/a?b=1) [mail](mailto:ess@example.org) \
             [bad](javascript:alert(1)) [bad2](JaVaScRiPt:alert(1)) [data](data:text/html,x) <javascript:alert(1)>",
        );
        assert!(
            out.contains(r#"<a href="https://essor.example/a?b=1">site</a>"#),
            "{out}"
        );
        assert!(
            out.contains(r#"<a href="mailto:ess@example.org">mail</a>"#),
            "{out}"
        );
        assert!(!out.to_lowercase().contains("href=\"javascript"), "{out}");
        assert!(!out.contains("href=\"data"), "{out}");
        assert!(
            out.contains("bad") && out.contains("data"),
            "the text stays: {out}"
        );
    }

    #[test]
    fn markdown_is_rendered_with_headings_shifted_and_images_as_text() {
        let out = render_markdown("# Titre\n\n## Sous-titre\n\n- **un**\n- *deux*\n\n![Logo du Département](https://x.fr/l.png)");
        assert!(out.contains("<h3>Titre</h3>"), "{out}");
        assert!(out.contains("<h4>Sous-titre</h4>"), "{out}");
        assert!(out.contains("<li><strong>un</strong></li>"), "{out}");
        assert!(out.contains("Logo du Département"), "{out}");
        assert!(!out.contains("<img"), "{out}");
    }
}
