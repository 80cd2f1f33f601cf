//! Bar, line and horizontal-bar charts drawn as SVG.

use super::format::number;
use crate::reports::figures::{Line, Point};
use leptos::prelude::*;

const CHART_W: f64 = 600.0;
const CHART_H: f64 = 180.0;
const AXIS: f64 = 24.0;

/// A label under every n-th bar so they never overlap.
fn tick_label(bucket: &str, i: usize, n: usize) -> Option<String> {
    let every = n.div_ceil(12).max(1);
    i.is_multiple_of(every).then(|| {
        if bucket.len() == 10 {
            format!(
                "{}.{}.",
                &bucket[8..10].trim_start_matches('0'),
                &bucket[5..7].trim_start_matches('0')
            )
        } else {
            format!("{}/{}", &bucket[5..7], &bucket[2..4])
        }
    })
}

/// Charts are named by their card's heading (`titled_by`); the numbers
/// behind each are in the table or CSV next to it.
pub(super) fn bar_chart(
    titled_by: &'static str,
    points: &[Point],
    value: fn(&Point) -> i64,
) -> impl IntoView {
    let max = points.iter().map(value).max().unwrap_or(0).max(1) as f64;
    let n = points.len().max(1);
    let slot = CHART_W / n as f64;
    let bars = points
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let v = value(p);
            let h = (v as f64 / max) * (CHART_H - AXIS - 12.0);
            let x = i as f64 * slot + slot * 0.15;
            let y = CHART_H - AXIS - h;
            let label = tick_label(&p.bucket, i, n);
            view! {
                <g>
                    <rect x=format!("{x:.1}") y=format!("{y:.1}") width=format!("{:.1}", slot * 0.7) height=format!("{h:.1}") class="bar">
                        <title>{format!("{}: {v}", p.bucket)}</title>
                    </rect>
                    {label.map(|l| view! {
                        <text x=format!("{:.1}", x + slot * 0.35) y=format!("{:.1}", CHART_H - 6.0) class="tick">{l}</text>
                    })}
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {CHART_W} {CHART_H}") role="img" aria-labelledby=titled_by>
            <text x="2" y="10" class="max">{number(max as i64)}</text>
            <line x1="0" x2=CHART_W.to_string() y1=(CHART_H - AXIS).to_string() y2=(CHART_H - AXIS).to_string() class="axis" />
            {bars}
        </svg>
    }
}

pub(super) fn line_chart(titled_by: &'static str, points: &[Point]) -> impl IntoView {
    let max = points
        .iter()
        .map(|p| p.syringes_given.max(p.syringes_returned))
        .max()
        .unwrap_or(0)
        .max(1) as f64;
    let n = points.len().max(1);
    let slot = CHART_W / n as f64;
    let path = |value: fn(&Point) -> i64| {
        points
            .iter()
            .enumerate()
            .map(|(i, p)| {
                let x = i as f64 * slot + slot / 2.0;
                let y = CHART_H - AXIS - (value(p) as f64 / max) * (CHART_H - AXIS - 12.0);
                format!("{}{x:.1},{y:.1}", if i == 0 { "M" } else { " L" })
            })
            .collect::<String>()
    };
    let ticks = points
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            tick_label(&p.bucket, i, n).map(|l| {
                view! { <text x=format!("{:.1}", i as f64 * slot + slot / 2.0) y=format!("{:.1}", CHART_H - 6.0) class="tick">{l}</text> }
            })
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {CHART_W} {CHART_H}") role="img" aria-labelledby=titled_by>
            <text x="2" y="10" class="max">{number(max as i64)}</text>
            <line x1="0" x2=CHART_W.to_string() y1=(CHART_H - AXIS).to_string() y2=(CHART_H - AXIS).to_string() class="axis" />
            <path d=path(|p| p.syringes_given) class="line given" />
            <path d=path(|p| p.syringes_returned) class="line returned" />
            {ticks}
        </svg>
    }
}

pub(super) fn hbar_chart(titled_by: &'static str, lines: &[Line]) -> impl IntoView {
    let max = lines.iter().map(|l| l.count).max().unwrap_or(0).max(1) as f64;
    let row = 26.0;
    let height = (lines.len().max(1) as f64) * row;
    let bars = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let y = i as f64 * row;
            let w = (l.count as f64 / max) * (CHART_W - 260.0);
            view! {
                <g>
                    <text x="0" y=format!("{:.1}", y + 17.0) class="label">{l.label.clone()}</text>
                    <rect x="180" y=format!("{:.1}", y + 4.0) width=format!("{w:.1}") height="18" class="bar" />
                    <text x=format!("{:.1}", 186.0 + w) y=format!("{:.1}", y + 17.0) class="value">{number(l.count)}</text>
                </g>
            }
        })
        .collect_view();
    view! {
        <svg class="chart" viewBox=format!("0 0 {CHART_W} {height}") role="img" aria-labelledby=titled_by>{bars}</svg>
    }
}
