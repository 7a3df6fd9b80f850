//! The user's preferences: theme, language, expiry warning period and data folder. Kept in
//! `settings.json` in the platform's configuration folder (`CERTDECK_CONFIG_DIR` overrides it),
//! read by the window and, for the data folder, by the command line too.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

/// Settings files larger than this are not ours; refuse them rather than parse them.
const MAX_SETTINGS_BYTES: u64 = 64 * 1024;

/// The warning period when none is set: the alarms' 30 days.
pub const DEFAULT_WARNING_DAYS: i64 = crate::store::report::DEFAULT_ALARM_DAYS;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ThemeChoice {
    /// Follow the operating system's light or dark mode.
    #[default]
    System,
    Light,
    Dark,
}

impl ThemeChoice {
    pub const ALL: [ThemeChoice; 3] = [ThemeChoice::System, ThemeChoice::Light, ThemeChoice::Dark];
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub theme: ThemeChoice,
    /// A language tag (`de`, `fr`, …); `None` follows the system's locale.
    pub language: Option<String>,
    /// Certificates expiring within this many days are shown as expiring and raise alarms.
    pub warning_days: i64,
    /// The inventory's folder; `None` is the platform's data folder.
    pub data_dir: Option<PathBuf>,
    /// A desktop notification for each new alarm.
    pub desktop_notifications: bool,
    /// A team's PostgreSQL database: pushes take each node's lock there and log their outcome.
    pub team_url: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            theme: ThemeChoice::System,
            language: None,
            warning_days: DEFAULT_WARNING_DAYS,
            data_dir: None,
            desktop_notifications: true,
            team_url: None,
        }
    }
}

impl Settings {
    /// Where settings live: `CERTDECK_CONFIG_DIR/settings.json`, else the platform's
    /// configuration folder (e.g. `~/.config/certdeck/settings.json`).
    pub fn default_path() -> Option<PathBuf> {
        let dir = match std::env::var_os("CERTDECK_CONFIG_DIR") {
            Some(dir) => PathBuf::from(dir),
            None => directories::ProjectDirs::from("io.github", "certdeck", "certdeck")?
                .config_dir()
                .to_path_buf(),
        };
        Some(dir.join("settings.json"))
    }

    /// Reads settings; a missing file gives the defaults. A damaged file is an error naming it,
    /// so the window can say so instead of silently forgetting the user's choices.
    pub fn load(path: &Path) -> Result<Settings, String> {
        let size = match std::fs::metadata(path) {
            Ok(meta) => meta.len(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Settings::default()),
            Err(e) => return Err(format!("{}: {e}", path.display())),
        };
        if size > MAX_SETTINGS_BYTES {
            return Err(format!(
                "{}: {size} bytes is too large for a settings file",
                path.display()
            ));
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let settings: Settings =
            serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
        settings
            .validated()
            .map_err(|e| format!("{}: {e}", path.display()))
    }

    /// Writes settings atomically (a crash leaves the old file or the new one, never half).
    pub fn save(&self, path: &Path) -> Result<(), String> {
        self.clone().validated()?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        let text = serde_json::to_string_pretty(self).map_err(|e| e.to_string())?;
        let bundle = crate::store::export::ExportBundle {
            file_name: "settings.json".into(),
            bytes: zeroize::Zeroizing::new(text.into_bytes()),
        };
        crate::store::export::write_atomic(&bundle, path, true)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    fn validated(self) -> Result<Settings, String> {
        if !(1..=3650).contains(&self.warning_days) {
            return Err(format!(
                "the warning period must be 1 to 3650 days, not {}",
                self.warning_days
            ));
        }
        Ok(self)
    }

    /// The inventory folder: the one given (`--data-dir`, `CERTDECK_DATA_DIR`), else the
    /// settings' choice, else the platform's data folder.
    pub fn data_dir(&self, given: Option<&Path>) -> Option<PathBuf> {
        given
            .map(Path::to_path_buf)
            .or_else(|| self.data_dir.clone())
            .or_else(crate::store::Inventory::default_dir)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_file_gives_defaults_and_saved_settings_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nested/settings.json");
        assert_eq!(Settings::load(&path).unwrap(), Settings::default());
        let settings = Settings {
            theme: ThemeChoice::Dark,
            language: Some("de".into()),
            warning_days: 45,
            data_dir: Some(dir.path().join("inventory")),
            desktop_notifications: false,
            team_url: Some("postgres://ann@db.example.com/certdeck?sslmode=require".into()),
        };
        settings.save(&path).unwrap();
        assert_eq!(Settings::load(&path).unwrap(), settings);
    }

    #[test]
    fn damaged_or_hostile_files_are_errors_naming_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{\"theme\": \"purple\"").unwrap();
        let error = Settings::load(&path).unwrap_err();
        assert!(error.contains("settings.json"), "{error}");
        std::fs::write(&path, "{\"warning_days\": -4}").unwrap();
        assert!(Settings::load(&path).unwrap_err().contains("1 to 3650"));
        std::fs::write(&path, vec![b' '; 100_000]).unwrap();
        assert!(Settings::load(&path).unwrap_err().contains("too large"));
    }

    #[test]
    fn unknown_keys_and_missing_keys_keep_defaults() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("settings.json");
        std::fs::write(&path, "{\"theme\": \"light\", \"from_the_future\": 1}").unwrap();
        let settings = Settings::load(&path).unwrap();
        assert_eq!(settings.theme, ThemeChoice::Light);
        assert_eq!(settings.warning_days, DEFAULT_WARNING_DAYS);
    }

    #[test]
    fn a_given_folder_wins_over_the_settings_choice() {
        let chosen = Settings {
            data_dir: Some(PathBuf::from("/srv/certs")),
            ..Settings::default()
        };
        assert_eq!(
            chosen.data_dir(Some(Path::new("/tmp/x"))),
            Some(PathBuf::from("/tmp/x"))
        );
        assert_eq!(chosen.data_dir(None), Some(PathBuf::from("/srv/certs")));
    }
}
