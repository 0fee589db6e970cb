//! The bench's charts, SVG files drawn with plotters into docs/bench/: generation time and
//! `cargo check` time of each generator on each input (bars, log scale), and our generation
//! time from 10 to 1000 synthetic operations. A chart is drawn only when its part ran, so that
//! `--only peers` leaves the scaling chart of an earlier run alone.

use anyhow::{Result, anyhow};
use plotters::coord::{CoordTranslate, Shift};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::fs;
use std::path::Path;

use super::Figures;
use super::generation::ScalingPoint;
use super::peers::{Generator, InputFigures};

const WIDTH: u32 = 900;
const HEIGHT: u32 = 500;
const FONT: &str = "sans-serif";
/// The width of a group of bars on the x axis, in the axis' own units.
const GROUP: i32 = 1000;

/// Ours, openapi-to-rust, progenitor: the colours of `Generator::ALL`, in that order.
const COLOURS: [RGBColor; 3] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
];

pub(super) fn draw(dir: &Path, figures: &Figures, runs: usize) -> Result<()> {
    let mut written = Vec::new();
    if !figures.peers.is_empty() {
        fs::create_dir_all(dir)?;
        let file = dir.join("peers-generation.svg");
        bars(
            &file,
            &format!("Generation, whole process (median of {runs}; log scale)"),
            "milliseconds",
            &figures.peers,
            |outcome| outcome.generation.as_ref().map(|g| g.median_ms).ok(),
        )?;
        written.push(file);
        let file = dir.join("peers-check.svg");
        bars(
            &file,
            "cargo check of the output, types + client, dependencies built (log scale)",
            "seconds",
            &figures.peers,
            |outcome| match &outcome.check {
                Some(Ok(seconds)) => Some(*seconds),
                _ => None,
            },
        )?;
        written.push(file);
    }
    if !figures.scaling.is_empty() {
        fs::create_dir_all(dir)?;
        let file = dir.join("scaling.svg");
        scaling(&file, &figures.scaling)?;
        written.push(file);
    }
    for file in written {
        eprintln!("   chart: {}", file.display());
    }
    Ok(())
}

/// Bars side by side: a group per input, a bar per generator; a generator without a figure
/// is marked "failed" where its bar would be.
fn bars(
    file: &Path,
    caption: &str,
    unit: &str,
    inputs: &[InputFigures],
    value: impl Fn(&super::peers::Outcome) -> Option<f64>,
) -> Result<()> {
    let values: Vec<f64> = inputs
        .iter()
        .flat_map(|input| input.outcomes.iter().filter_map(&value))
        .filter(|v| *v > 0.0)
        .collect();
    let (low, high) = decades(&values);
    let root = SVGBackend::new(file, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(plot_error)?;
    // Integer x positions: a group is GROUP wide, centred on its multiple of GROUP, which is
    // where its label goes (plotters formats key points of an integer axis, not of f64).
    let groups = i32::try_from(inputs.len())?;
    let x_axis = (-GROUP / 2..groups * GROUP - GROUP / 2)
        .with_key_points((0..groups).map(|g| g * GROUP).collect());
    let y_axis = (low..high)
        .log_scale()
        .with_key_points(powers_of_ten(low, high));
    let mut chart = ChartBuilder::on(&root)
        .caption(caption, (FONT, 20))
        .margin(15)
        .x_label_area_size(35)
        .y_label_area_size(70)
        .build_cartesian_2d(x_axis, y_axis)
        .map_err(plot_error)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_label_formatter(&|x| {
            usize::try_from(x / GROUP)
                .ok()
                .and_then(|index| inputs.get(index))
                .map_or(String::new(), |input| input.name.clone())
        })
        .y_desc(unit)
        .y_label_formatter(&|y| short_number(*y))
        .label_style((FONT, 14))
        .draw()
        .map_err(plot_error)?;

    let slot = GROUP * 8 / 10 / Generator::ALL.len() as i32;
    let label_style =
        TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Center, VPos::Bottom));
    for (index, (which, colour)) in Generator::ALL.iter().zip(COLOURS).enumerate() {
        let left_of = |group: i32| group * GROUP - GROUP * 4 / 10 + index as i32 * slot;
        let mut bars = Vec::new();
        let mut labels = Vec::new();
        for (group, input) in (0..).zip(inputs) {
            let Some(outcome) = input.outcomes.iter().find(|o| o.generator == *which) else {
                continue;
            };
            let left = left_of(group);
            let centre = left + slot / 2;
            match value(outcome) {
                Some(v) if v > 0.0 => {
                    bars.push(Rectangle::new(
                        [(left + slot / 20, low), (left + slot * 19 / 20, v)],
                        colour.filled(),
                    ));
                    labels.push(Text::new(short_number(v), (centre, v), label_style.clone()));
                }
                _ => labels.push(Text::new(
                    "failed".to_owned(),
                    (centre, low * 1.6),
                    label_style.color(&colour),
                )),
            }
        }
        chart
            .draw_series(bars)
            .map_err(plot_error)?
            .label(which.label())
            .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour.filled()));
        chart.draw_series(labels).map_err(plot_error)?;
    }
    legend_and_write(&mut chart, &root)
}

/// Our generation time against the number of operations (both log scales), with the line
/// of time proportional to operations through the 100-operation point for comparison.
fn scaling(file: &Path, points: &[ScalingPoint]) -> Result<()> {
    let operations: Vec<f64> = points.iter().map(|p| p.operations as f64).collect();
    let times: Vec<f64> = points.iter().map(|p| p.median_ms).collect();
    let (x_low, x_high) = decades(&operations);
    let (y_low, y_high) = decades(&times);
    let root = SVGBackend::new(file, (WIDTH, HEIGHT)).into_drawing_area();
    root.fill(&WHITE).map_err(plot_error)?;
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Our generator on synthetic WHM specs (whole process, median; log scales)",
            (FONT, 20),
        )
        .margin(15)
        .x_label_area_size(45)
        .y_label_area_size(70)
        .build_cartesian_2d(
            (x_low..x_high)
                .log_scale()
                .with_key_points(powers_of_ten(x_low, x_high)),
            (y_low..y_high)
                .log_scale()
                .with_key_points(powers_of_ten(y_low, y_high)),
        )
        .map_err(plot_error)?;
    chart
        .configure_mesh()
        .x_desc("operations")
        .y_desc("milliseconds")
        .x_label_formatter(&|x| short_number(*x))
        .y_label_formatter(&|y| short_number(*y))
        .label_style((FONT, 14))
        .draw()
        .map_err(plot_error)?;

    let measured: Vec<(f64, f64)> = operations.iter().copied().zip(times).collect();
    let colour = COLOURS[0];
    chart
        .draw_series(LineSeries::new(measured.clone(), colour.stroke_width(2)))
        .map_err(plot_error)?
        .label("ours, measured")
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], colour.stroke_width(2)));
    let label_style =
        TextStyle::from((FONT, 13).into_font()).pos(Pos::new(HPos::Right, VPos::Bottom));
    chart
        .draw_series(measured.iter().flat_map(|&(x, y)| {
            [
                Circle::new((x, y), 4, colour.filled()).into_dyn(),
                Text::new(
                    format!("{} ms ", short_number(y)),
                    (x, y),
                    label_style.clone(),
                )
                .into_dyn(),
            ]
        }))
        .map_err(plot_error)?;
    if let Some(&(at, time)) = measured.iter().find(|(x, _)| *x == 100.0) {
        let proportional = [(x_low, time * x_low / at), (x_high, time * x_high / at)];
        chart
            .draw_series(DashedLineSeries::new(
                proportional,
                6,
                4,
                BLACK.mix(0.5).stroke_width(1),
            ))
            .map_err(plot_error)?
            .label("proportional to operations, through 100")
            .legend(|(x, y)| PathElement::new(vec![(x, y), (x + 20, y)], BLACK.mix(0.5)));
    }
    legend_and_write(&mut chart, &root)
}

/// The powers of ten around `values`, as the ends of a log axis (1 to 10 with no values).
fn decades(values: &[f64]) -> (f64, f64) {
    let low = values.iter().copied().fold(f64::INFINITY, f64::min);
    let high = values.iter().copied().fold(0.0, f64::max);
    if !low.is_finite() || high <= 0.0 {
        return (1.0, 10.0);
    }
    let low = 10f64.powf(low.log10().floor());
    // Room above the highest bar for its label.
    let high = 10f64.powf((high * 1.5).log10().ceil());
    (low, high.max(low * 10.0))
}

fn powers_of_ten(low: f64, high: f64) -> Vec<f64> {
    let mut points = Vec::new();
    let mut value = low;
    while value <= high * 1.001 {
        points.push(value);
        value *= 10.0;
    }
    points
}

/// Three significant digits at most, no trailing zeros: 0.0123 -> "0.012", 4.2 -> "4.2",
/// 27.14 -> "27.1", 1656.2 -> "1656", 10.0 -> "10".
fn short_number(value: f64) -> String {
    let decimals = if value >= 100.0 {
        0
    } else if value >= 10.0 {
        1
    } else if value >= 1.0 {
        2
    } else {
        3
    };
    let text = format!("{value:.decimals$}");
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
}

/// Draws the legend (upper left) and writes the file.
fn legend_and_write<'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, CT>,
    root: &DrawingArea<SVGBackend<'a>, Shift>,
) -> Result<()> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .label_font((FONT, 14))
        .background_style(WHITE.mix(0.9))
        .border_style(BLACK)
        .draw()
        .map_err(plot_error)?;
    root.present().map_err(plot_error)?;
    Ok(())
}

fn plot_error(err: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("drawing a chart: {err}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn axes_end_on_powers_of_ten() {
        assert_eq!(decades(&[27.1, 1656.0]), (10.0, 10_000.0));
        assert_eq!(decades(&[]), (1.0, 10.0));
        assert_eq!(
            powers_of_ten(10.0, 10_000.0),
            [10.0, 100.0, 1000.0, 10_000.0]
        );
    }

    #[test]
    fn numbers_are_short() {
        assert_eq!(short_number(0.0123), "0.012");
        assert_eq!(short_number(4.2), "4.2");
        assert_eq!(short_number(27.14), "27.1");
        assert_eq!(short_number(1656.2), "1656");
        assert_eq!(short_number(10.0), "10");
    }
}
