//! Which inventory a data folder uses: its own SQLite file, or a team's shared inventory on
//! PostgreSQL named by the file `shared-inventory` in the folder (one line, the address). The
//! command line and the window open a folder the same way and never ask which engine it is.

use std::path::Path;

use super::StoreError;

/// The file in the data folder that points at a shared inventory.
pub const POINTER_FILE: &str = "shared-inventory";

/// The shared inventory the folder points at, if any.
pub fn address(dir: &Path) -> Result<Option<String>, StoreError> {
    let path = dir.join(POINTER_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            let url = text.trim();
            if url.is_empty() {
                return Err(StoreError::Invalid(format!(
                    "{} is empty: it should hold the shared inventory's address",
                    path.display()
                )));
            }
            Ok(Some(url.to_string()))
        }
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(StoreError::Io(format!("{}: {error}", path.display()))),
    }
}

/// Points the folder at a shared inventory (`Some(url)`) or back at its own file (`None`).
/// An address holding a password is refused: the file is not a secret store (PostgreSQL's
/// `PGPASSWORD`, client certificates or the server's trust rules carry the credential).
pub fn point(dir: &Path, url: Option<&str>) -> Result<(), StoreError> {
    let path = dir.join(POINTER_FILE);
    let Some(url) = url else {
        return match std::fs::remove_file(&path) {
            Err(error) if error.kind() != std::io::ErrorKind::NotFound => {
                Err(StoreError::Io(format!("{}: {error}", path.display())))
            }
            _ => Ok(()),
        };
    };
    // Parsed as certdeck connects: an address that would allow plain text is refused here.
    let address = super::db::connection::parse(url).map_err(StoreError::Invalid)?;
    if address.config.get_password().is_some() {
        return Err(StoreError::Invalid(
            "the address holds a password, which would be written to the data folder in clear: \
             give it without one (the password through PGPASSWORD)"
                .into(),
        ));
    }
    super::create_private_dir(dir)?;
    std::fs::write(&path, format!("{url}\n"))
        .map_err(|e| StoreError::Io(format!("{}: {e}", path.display())))
}

/// Listens for changes to the shared inventory at `url` — any member's, committed — calling
/// `changed` with the changed table's name for each; returns why it stopped listening (the
/// connection was refused or lost). The window reloads on each (LISTEN/NOTIFY, team schema 3).
pub async fn watch(url: &str, mut changed: impl FnMut(&str)) -> String {
    use tokio_postgres::AsyncMessage;
    let (client, mut connection) = match super::db::connection::open_connection(url).await {
        Ok(opened) => opened,
        Err(error) => return error,
    };
    let listen = client.batch_execute("LISTEN certdeck_inventory");
    tokio::pin!(listen);
    let mut listening = false;
    loop {
        tokio::select! {
            done = &mut listen, if !listening => match done {
                Ok(()) => listening = true,
                Err(error) => return super::db::connection::db(error),
            },
            message = std::future::poll_fn(|cx| connection.poll_message(cx)) => match message {
                Some(Ok(AsyncMessage::Notification(note))) => changed(note.payload()),
                Some(Ok(_)) => {}
                Some(Err(error)) => return super::db::connection::db(error),
                None => return "the team database closed the connection".into(),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_points_at_a_shared_inventory_and_back() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(address(dir.path()).unwrap(), None);
        let url = "postgres://ann@db.example.com/certdeck?sslmode=verify-full";
        point(dir.path(), Some(url)).unwrap();
        assert_eq!(address(dir.path()).unwrap().as_deref(), Some(url));
        point(dir.path(), None).unwrap();
        assert_eq!(address(dir.path()).unwrap(), None);
        point(dir.path(), None).unwrap();
        assert!(matches!(
            point(dir.path(), Some("postgres://ann:secret@db/certdeck")),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            point(dir.path(), Some("not an address")),
            Err(StoreError::Invalid(_))
        ));
        assert!(matches!(
            point(
                dir.path(),
                Some("postgres://ann@db/certdeck?sslmode=prefer")
            ),
            Err(StoreError::Invalid(_))
        ));
        std::fs::write(dir.path().join(POINTER_FILE), "\n").unwrap();
        assert!(address(dir.path()).is_err());
    }
}
