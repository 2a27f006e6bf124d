//! Writes the demo network (Astuce and the generated TER feed) and its GTFS-RT snapshots where the local demo's snapshot mirror
//! serves them from. Run from anywhere: `cargo run -p rouen-transit --bin transit-demo`.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rouen_transit::demo;

fn main() -> ExitCode {
    let crate_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    match run(crate_dir) {
        Ok(written) => {
            for (path, len) in written {
                println!("{len:>9} bytes  {}", path.display());
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("transit-demo: {e}");
            ExitCode::FAILURE
        }
    }
}

fn run(crate_dir: &Path) -> Result<Vec<(PathBuf, usize)>, Box<dyn std::error::Error>> {
    let root = crate_dir.join("../city/snapshots");
    let gtfs = demo::demo_gtfs_zip(&crate_dir.join("tests/fixtures/astuce-2024-01"))?;
    let tt = rouen_transit::Timetable::from_gtfs_zip(&gtfs)?;
    let files = [
        ("api.mrn.cityway.fr/dataflow/offre-tc/download", gtfs),
        (
            "api.mrn.cityway.fr/dataflow/info-transport/download",
            demo::demo_alerts(),
        ),
        (
            "api.mrn.cityway.fr/dataflow/horaire-tc-tr/download",
            demo::demo_trip_updates(&tt),
        ),
        (demo::TER_SNAPSHOT, demo::demo_ter_gtfs_zip()?),
    ];
    let mut written = Vec::new();
    for (rel, bytes) in files {
        let path = root.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(&path, &bytes)?;
        written.push((path, bytes.len()));
    }
    Ok(written)
}
