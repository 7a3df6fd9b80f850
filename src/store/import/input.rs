//! What an import reads: files, folders (recursively) and pasted text, with passwords asked
//! for while an object wants one.

use std::path::{Path, PathBuf};

use zeroize::Zeroizing;

use crate::pki::{self, DecodeError, DecodeOptions, Decoded};

/// What to import.
#[derive(Clone, Debug)]
pub enum ImportInput {
    /// A file, or a folder (read recursively).
    Path(PathBuf),
    /// Pasted text, named for the report (e.g. `<pasted text>`).
    Text { name: String, text: String },
}

/// Answers password questions during an import (a terminal prompt, a dialog, a test script).
pub trait PasswordSource {
    /// A password for `object` in `file`; `again` is true after a wrong one. `None` gives up.
    fn password(&mut self, file: &str, object: &str, again: bool) -> Option<Zeroizing<String>>;
}

/// Never has a password: protected objects are reported as needing one.
pub struct NoPasswords;

impl PasswordSource for NoPasswords {
    fn password(&mut self, _: &str, _: &str, _: bool) -> Option<Zeroizing<String>> {
        None
    }
}

/// How many times a password is asked for one file.
pub(super) const PASSWORD_ATTEMPTS: usize = 3;

/// Lists files of the inputs (folders recursively, sorted), keeping pasted text as is.
pub(super) fn expand(inputs: &[ImportInput]) -> Vec<ImportInput> {
    fn walk(path: &Path, out: &mut Vec<ImportInput>) {
        if path.is_dir() {
            let mut children: Vec<PathBuf> = std::fs::read_dir(path)
                .into_iter()
                .flatten()
                .flatten()
                .map(|entry| entry.path())
                .collect();
            children.sort();
            for child in children {
                walk(&child, out);
            }
        } else {
            out.push(ImportInput::Path(path.to_path_buf()));
        }
    }
    let mut out = Vec::new();
    for input in inputs {
        match input {
            ImportInput::Path(path) => walk(path, &mut out),
            text => out.push(text.clone()),
        }
    }
    out
}

pub(super) fn decode_input(input: &ImportInput, options: &DecodeOptions) -> Decoded {
    match input {
        ImportInput::Path(path) => pki::decode_file(path, options),
        ImportInput::Text { name, text } => pki::decode_bytes(text.as_bytes(), name, options),
    }
}

/// Decodes one input, asking for passwords while objects want one.
pub(super) fn decode_with_passwords(
    input: &ImportInput,
    base: &DecodeOptions,
    source: &mut dyn PasswordSource,
) -> Decoded {
    let mut options = base.clone();
    let mut decoded = decode_input(input, &options);
    for _ in 0..PASSWORD_ATTEMPTS {
        let Some(wanting) = decoded.errors.iter().find(|e| e.wants_password()) else {
            break;
        };
        let again = matches!(wanting, DecodeError::WrongPassword { .. });
        let (file, object) = match wanting {
            DecodeError::PasswordRequired { file, object }
            | DecodeError::WrongPassword { file, object } => (file.clone(), object.clone()),
            _ => break,
        };
        let Some(password) = source.password(&file, &object, again) else {
            break;
        };
        options.passwords.insert(0, password);
        decoded = decode_input(input, &options);
    }
    decoded
}

/// Decodes files, folders (recursively) and text without asking for passwords: objects that
/// want one are reported as errors, for the window to ask inline.
pub fn decode_inputs(inputs: &[ImportInput], base: &DecodeOptions) -> Decoded {
    let mut decoded = Decoded::default();
    for input in expand(inputs) {
        decoded.extend(decode_input(&input, base));
    }
    decoded
}
