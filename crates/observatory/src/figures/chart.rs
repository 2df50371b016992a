//! Charts drawn on the server as SVG by `plotters` (SVG backend, no system font: text is left to
//! the browser's fonts), made accessible: `role="img"`, a `<title>` and `aria-labelledby`
//! naming it, and a data table beside each chart in the page.

use plotters::prelude::*;

/// A horizontal bar chart of `bars` (label, value). `id` names the chart in the page.
pub fn bars(id: &str, title: &str, bars: &[(String, i64)]) -> String {
    let n = bars.len().max(1);
    let height = (40 + 26 * n) as u32;
    let width = 720u32;
    let max = bars.iter().map(|(_, v)| *v).max().unwrap_or(0).max(1);
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width, height)).into_drawing_area();
        let _ = root.fill(&WHITE);
        let draw = || -> Result<(), Box<dyn std::error::Error + '_>> {
            let mut chart = ChartBuilder::on(&root)
                .margin(8)
                .x_label_area_size(24)
                .y_label_area_size(250)
                .build_cartesian_2d(0..(max + max / 10 + 1), (0..n).into_segmented())?;
            let labels: Vec<String> = bars.iter().map(|(l, _)| l.clone()).collect();
            chart
                .configure_mesh()
                .disable_y_mesh()
                .y_labels(n)
                .y_label_formatter(&|v| match v {
                    // Segments count from the bottom; the first row is drawn on top, as in the table.
                    SegmentValue::CenterOf(i) if *i < labels.len() => {
                        labels[labels.len() - 1 - *i].clone()
                    }
                    _ => String::new(),
                })
                .label_style(("sans-serif", 13).into_font().color(&BLACK))
                .axis_desc_style(("sans-serif", 13))
                .draw()?;
            // Dark blue on white: contrast well above 4.5:1; values are also in the table.
            let fill = RGBColor(0, 0, 145);
            chart.draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
                let at = n - 1 - i;
                let mut bar = Rectangle::new(
                    [
                        (0, SegmentValue::Exact(at)),
                        (*v, SegmentValue::Exact(at + 1)),
                    ],
                    fill.filled(),
                );
                // A gap between bars, so each reads on its own.
                bar.set_margin(3, 3, 0, 0);
                bar.into_dyn()
            }))?;
            chart.draw_series(bars.iter().enumerate().map(|(i, (_, v))| {
                Text::new(
                    v.to_string(),
                    (*v, SegmentValue::CenterOf(n - 1 - i)),
                    ("sans-serif", 12).into_font().color(&BLACK),
                )
            }))?;
            root.present()?;
            Ok(())
        };
        let _ = draw();
    }
    accessible(&svg, id, title)
}

/// Adds the accessible name to the `<svg>` element plotters wrote.
fn accessible(svg: &str, id: &str, title: &str) -> String {
    let title_id = format!("{id}-title");
    let escaped = title
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;");
    let Some(start) = svg.find("<svg") else {
        return svg.to_owned();
    };
    let Some(end) = svg[start..].find('>').map(|e| start + e) else {
        return svg.to_owned();
    };
    format!(
        "{} role=\"img\" aria-labelledby=\"{title_id}\" focusable=\"false\"><title id=\"{title_id}\">{escaped}</title>{}",
        &svg[start..end],
        &svg[end + 1..]
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charts_are_named_images_even_when_empty() {
        for data in [
            vec![],
            vec![("Nanterre".to_owned(), 12), ("Sceaux".to_owned(), 3)],
        ] {
            let svg = bars("chart-x", "Établissements <par> commune", &data);
            assert!(svg.starts_with("<svg"));
            assert!(svg.contains(r#"role="img" aria-labelledby="chart-x-title""#));
            assert!(svg.contains(
                r#"<title id="chart-x-title">Établissements &lt;par&gt; commune</title>"#
            ));
            for (label, _) in &data {
                assert!(svg.contains(label.as_str()));
            }
        }
    }
}
