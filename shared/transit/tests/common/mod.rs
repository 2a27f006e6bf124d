#![allow(dead_code)]

use chrono::{DateTime, TimeZone, Utc};
use chrono_tz::Europe::Paris;
use rouen_transit::Timetable;

pub fn fixture(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

pub fn mini() -> Timetable {
    Timetable::from_gtfs_path(&fixture("mini")).expect("mini fixture imports")
}

/// A Paris wall-clock time, whatever the machine's zone.
pub fn paris(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Paris
        .with_ymd_and_hms(y, mo, d, h, mi, 0)
        .single()
        .expect("unambiguous")
        .with_timezone(&Utc)
}

/// Zips the files of a fixture directory, optionally leaving some out or replacing their content.
pub fn zip_dir(name: &str, skip: &[&str], replace: &[(&str, &str)]) -> Vec<u8> {
    use std::io::Write;
    let mut out = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut entries: Vec<_> = std::fs::read_dir(fixture(name))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let file = p.file_name().unwrap().to_str().unwrap().to_owned();
        if !file.ends_with(".txt") || skip.contains(&file.as_str()) {
            continue;
        }
        let body = match replace.iter().find(|(f, _)| *f == file) {
            Some((_, b)) => b.as_bytes().to_vec(),
            None => std::fs::read(&p).unwrap(),
        };
        out.start_file(file, zip::write::SimpleFileOptions::default())
            .unwrap();
        out.write_all(&body).unwrap();
    }
    out.finish().unwrap().into_inner()
}
