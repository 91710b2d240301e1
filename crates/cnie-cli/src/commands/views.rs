//! `--photo FILE`, `--html FILE` and `--embed-photo` of `read` and `verify`: the face
//! as PNG and the HTML report, written as private files after the targets were
//! checked ([`check`], before the card is touched).

use std::path::Path;

use crate::args::ViewArgs;
use crate::exit::Failure;
use crate::private_file::{self, Existing, Plan};
use crate::report::Report;

/// Refuses existing targets (unless `existing` allows replacing them) and a path named
/// twice, before anything is read or written.
pub fn check(args: &ViewArgs, existing: Existing) -> Result<(), Failure> {
    let paths: Vec<&Path> = args
        .photo
        .iter()
        .chain(&args.html)
        .map(|p| p.as_path())
        .collect();
    Ok(private_file::check_all(None, &paths, existing)?)
}

/// Decodes the face when asked for, records it in `report` (`face.photo_path`,
/// `face.photo_png_base64`) and writes the PNG and the HTML page. A face that does
/// not decode is a problem of the report (exit 8), not a failure: the verdict and the
/// page are still given.
pub fn write(args: &ViewArgs, report: &mut Report, existing: Existing) -> Result<(), Failure> {
    let wanted = args.photo.is_some() || args.html.is_some() || args.embed_photo;
    let photo = match report.face.as_ref().filter(|_| wanted) {
        Some(face) => match crate::photo::png(face) {
            Ok(photo) => Some(photo),
            Err(e) => {
                report.problems.push(format!("DG2: {e}"));
                super::note(&t!("photo-not-decoded", detail = e.to_string()));
                None
            }
        },
        None => None,
    };
    let mut plan = Plan::new(existing);
    if let Some(path) = &args.photo {
        match (&photo, report.face.as_mut()) {
            (Some(photo), Some(face)) => {
                plan.add(path, photo.png.clone());
                face.photo_path = Some(path.display().to_string());
            }
            _ => super::note(&t!("photo-none-to-write")),
        }
    }
    if args.embed_photo
        && let (Some(photo), Some(face)) = (&photo, report.face.as_mut())
    {
        face.photo_png_base64 = Some(crate::photo::base64(&photo.png));
    }
    if let Some(path) = &args.html {
        plan.add(
            path,
            crate::html::render(report, photo.as_ref()).into_bytes(),
        );
    }
    Ok(plan.write()?)
}
