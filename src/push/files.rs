//! One engine for every driver that puts files on a node (folder kit, SSH/SFTP, HTTPS WebDAV and
//! form uploads): read what is there, journal the plan, replace each file atomically keeping a
//! copy of the previous content, run the reload command; and undo exactly the steps the journal
//! says were taken, checking each restored file by its SHA-256.
//!
//! The rule of the undo: a file is put back only if it still holds what this push wrote; if it
//! holds what was there before, the push never changed it; anything else was changed by someone
//! else since, and is left alone (and said).

use std::future::Future;

use zeroize::Zeroizing;

use super::PushError;
use super::journal::{Context, Journal};
use crate::store::journal::{Content, PlannedStep, StepKind, StepState};

/// Largest file a push reads back from a node: certificate files are a few kilobytes; anything
/// this large is not what the path should hold.
pub const MAX_FILE: usize = 4 * 1024 * 1024;

/// The error for a file on the node larger than [`MAX_FILE`].
pub fn too_large(path: &str) -> PushError {
    PushError::Driver(format!(
        "{path}: larger than {} MiB, not a certificate file",
        MAX_FILE / (1024 * 1024)
    ))
}

/// Why a driver that reaches no web root cannot answer HTTP-01 there.
pub fn no_web_root() -> PushError {
    PushError::Settings("an HTTP-01 web root needs a node with the folder or SSH driver".into())
}

/// A node's files, as a driver reaches them.
pub trait Remote: Send {
    /// The file's content, `None` if it does not exist. `Err` for a driver that cannot read
    /// (see [`Remote::can_read`]).
    fn read(
        &mut self,
        path: &str,
    ) -> impl Future<Output = Result<Option<Zeroizing<Vec<u8>>>, PushError>> + Send;

    /// Whether [`Remote::read`] works (a form upload cannot read anything back).
    fn can_read(&self) -> bool {
        true
    }

    /// Replaces `path` with `content` so that the path always holds either the old or the new
    /// content; a private file is never readable by others at any instant.
    fn replace(
        &mut self,
        path: &str,
        content: &[u8],
        private: bool,
    ) -> impl Future<Output = Result<(), PushError>> + Send;

    fn remove(&mut self, path: &str) -> impl Future<Output = Result<(), PushError>> + Send;

    /// Runs the reload command; `Err` when it fails (exit status, output).
    fn run(&mut self, command: &str) -> impl Future<Output = Result<String, PushError>> + Send;

    /// Writes a public file with its folders (an ACME HTTP-01 token into a web root), outside
    /// the journal; only drivers that reach a web root do.
    fn put_public(
        &mut self,
        _path: &str,
        _content: &[u8],
    ) -> impl Future<Output = Result<(), PushError>> + Send {
        async { Err(no_web_root()) }
    }

    /// Removes what [`Remote::put_public`] wrote (gone already is fine).
    fn remove_public(&mut self, _path: &str) -> impl Future<Output = Result<(), PushError>> + Send {
        async { Ok(()) }
    }

    /// Ends the connection (logs out where there is a login).
    fn close(self) -> impl Future<Output = ()> + Send
    where
        Self: Sized,
    {
        async {}
    }

    /// The name of the copy of `path`'s previous content kept on the node for push `push`;
    /// `None` where the node keeps none (an appliance's trusted-CA folder would trust a copy).
    fn backup_name(&self, path: &str, push: i64) -> Option<String> {
        Some(format!("{path}.certdeck-{push}"))
    }

    /// A temporary file `replace` may leave behind if the push is killed mid-write.
    fn temporary_name(&self, path: &str) -> Option<String> {
        Some(temporary_name(path))
    }

    /// How the node is addressed, for messages (`root@host:22:`).
    fn describe(&self, path: &str) -> String;

    /// Whether `path` is one of this node's files as its settings name them (or a backup or
    /// temporary copy of one). A journal is read back from the inventory — on a shared one,
    /// rows a teammate can write — so a step naming any other path is not acted on (issue 28).
    fn owns(&self, path: &str) -> bool;

    /// Whether `command` may run for this node: its reload command as set now. A journal's
    /// run step naming another command is not run.
    fn may_run(&self, command: &str) -> bool;
}

/// `path` without the suffix of a copy certdeck makes of it (`.certdeck-new` while writing,
/// `.certdeck-<push id>` for the previous content): the file it is a copy of.
pub fn copied_from(path: &str) -> &str {
    if let Some(base) = path.strip_suffix(".certdeck-new") {
        return base;
    }
    match path.rsplit_once(".certdeck-") {
        Some((base, id)) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => base,
        _ => path,
    }
}

/// The refusal for a journal step that names what is not the node's.
fn foreign(remote: &impl Remote, what: &str) -> String {
    format!(
        "{}: not one of this node's files or commands as set now: left alone (the journal may \
         have been written by someone else)",
        remote.describe(what)
    )
}

/// Where `replace` writes before renaming over `path`: ours by name, never a live file.
pub fn temporary_name(path: &str) -> String {
    format!("{path}.certdeck-new")
}

/// One file to put on the node.
pub struct FileChange {
    pub path: String,
    pub content: Zeroizing<Vec<u8>>,
    pub private: bool,
}

/// What a file driver does on a node.
pub struct FilePlan {
    pub files: Vec<FileChange>,
    pub reload: Option<String>,
}

/// An apply that failed: the push id when the journal was begun (something may have changed),
/// and the error.
pub struct Failed {
    pub push: Option<i64>,
    pub error: PushError,
}

fn failed(push: Option<i64>) -> impl Fn(PushError) -> Failed {
    move |error| Failed { push, error }
}

/// Reads the node's current files, journals the plan and applies it step by step.
pub async fn apply<R: Remote>(
    remote: &mut R,
    plan: &FilePlan,
    journal: &Journal,
    context: &Context,
) -> Result<(i64, String), Failed> {
    let mut steps = Vec::new();
    for file in &plan.files {
        let before = if remote.can_read() {
            Content::from_option(remote.read(&file.path).await.map_err(failed(None))?)
        } else {
            Content::Unknown
        };
        steps.push(PlannedStep {
            kind: StepKind::File,
            target: file.path.clone(),
            private: file.private,
            before,
            after: Content::Present(file.content.clone()),
        });
    }
    if let Some(command) = &plan.reload {
        steps.push(PlannedStep {
            kind: StepKind::Run,
            target: command.clone(),
            private: false,
            before: Content::Unknown,
            after: Content::Unknown,
        });
    }
    let push = journal.begin(context, &steps).map_err(failed(None))?;
    let fail = failed(Some(push));
    let mut written = Vec::new();
    for (seq, (file, step)) in plan.files.iter().zip(&steps).enumerate() {
        let seq = seq as u32;
        journal
            .step(push, seq, StepState::Started, None)
            .map_err(&fail)?;
        // The previous content stays on the node under a name carrying this push's id, so no
        // later push can overwrite it; the journal keeps a copy too.
        if let (Content::Present(old), Some(backup)) =
            (&step.before, remote.backup_name(&file.path, push))
        {
            journal
                .left(push, seq, Some(&backup), None)
                .map_err(&fail)?;
            remote
                .replace(&backup, old, file.private)
                .await
                .map_err(&fail)?;
        }
        if let Err(error) = remote
            .replace(&file.path, &file.content, file.private)
            .await
        {
            // A driver that cannot read back (a form upload) cannot check later whether this
            // step changed the node; when the node refused it, it did not.
            if !remote.can_read() && matches!(error, PushError::Refused(_)) {
                journal
                    .step(push, seq, StepState::Undone, Some("refused by the node"))
                    .map_err(&fail)?;
            }
            return Err(fail(error));
        }
        journal
            .step(push, seq, StepState::Done, None)
            .map_err(&fail)?;
        written.push(file.path.clone());
    }
    let mut detail = if written.is_empty() {
        "nothing to write".to_string()
    } else {
        let shown: Vec<String> = written.iter().map(|p| remote.describe(p)).collect();
        format!("wrote {}", shown.join(", "))
    };
    if let Some(command) = &plan.reload {
        let seq = plan.files.len() as u32;
        journal
            .step(push, seq, StepState::Started, None)
            .map_err(&fail)?;
        let output = remote.run(command).await.map_err(&fail)?;
        journal
            .step(push, seq, StepState::Done, Some(&output))
            .map_err(&fail)?;
        detail.push_str("; ");
        detail.push_str(&output);
    }
    Ok((push, detail))
}

/// After a verified or applied push: the node's copies from earlier pushes are superseded by this
/// push's copies; remove them (best effort: a copy left behind is harmless, and said nowhere).
pub async fn prune<R: Remote>(remote: &mut R, journal: &Journal, node: &str, push: i64) {
    let Ok(old) = journal.with(|s| s.journal_superseded_backups(node, push)) else {
        return;
    };
    for (old_push, seq, backup) in old {
        if !remote.owns(&backup) {
            continue;
        }
        if remote.remove(&backup).await.is_ok() {
            let _ = journal.with(|s| s.journal_backup_removed(old_push, seq));
        }
    }
}

/// What happened to one step on the way back.
fn undo_note(path: &str, words: &str) -> String {
    format!("{path}: {words}")
}

/// Undoes the journaled push `push` on the node: every file step that started is put back to its
/// previous content (checked by SHA-256), in reverse order, then the reload runs again. Returns
/// what was done; `Err` when something could not be restored (each step's note says what).
pub async fn undo<R: Remote>(
    remote: &mut R,
    journal: &Journal,
    push: i64,
    now: time::OffsetDateTime,
) -> Result<String, PushError> {
    let record = journal.load(push)?;
    let mut said = Vec::new();
    let mut problems = Vec::new();
    // Steps the node could not be asked about (connection lost): the push stays unfinished.
    let mut unreachable = Vec::new();
    let mut restored_any = false;
    for step in record.steps.iter().rev() {
        if step.kind != StepKind::File || !step.state.touched() {
            continue;
        }
        if !remote.owns(&step.target) || step.backup.as_ref().is_some_and(|b| !remote.owns(b)) {
            let note = foreign(remote, &step.target);
            problems.push(note.clone());
            journal.step(push, step.seq, StepState::Kept, Some(&note))?;
            said.push(note);
            continue;
        }
        // Ours by name: a push killed mid-write may have left them (the live file's and the
        // backup copy's temporary files).
        let written = std::iter::once(&step.target).chain(&step.backup);
        for temporary in written
            .filter_map(|path| remote.temporary_name(path))
            .collect::<Vec<_>>()
        {
            let _ = remote.remove(&temporary).await;
        }
        let (state, note, put_back) = undo_file(remote, step).await;
        restored_any |= put_back;
        if state == StepState::Started {
            unreachable.push(note.clone());
        } else if state == StepState::Kept {
            problems.push(note.clone());
        } else if let Some(backup) = &step.backup {
            // The live file holds the previous content again: the copy is not needed.
            if remote.remove(backup).await.is_ok() {
                journal.with(|s| s.journal_backup_removed(push, step.seq))?;
            }
        }
        journal.step(push, step.seq, state, Some(&note))?;
        said.push(note);
    }
    said.reverse();
    if !unreachable.is_empty() {
        return Undone {
            said,
            problems,
            unreachable,
        }
        .conclude(journal, push, now, "the node");
    }
    let run = record
        .steps
        .iter()
        .find(|s| s.kind == StepKind::Run && s.state != StepState::Undone);
    if let Some(run) = run
        && (restored_any || run.state.touched())
        && !remote.may_run(&run.target)
    {
        let note = foreign(remote, &run.target);
        problems.push(note.clone());
        journal.step(push, run.seq, StepState::Kept, Some(&note))?;
        said.push(note);
    } else if let Some(run) = run
        && (restored_any || run.state.touched())
    {
        match remote.run(&run.target).await {
            Ok(output) => {
                said.push(output.clone());
                journal.step(push, run.seq, StepState::Undone, Some(&output))?;
            }
            Err(error) => {
                // The files are back; the service did not take them: said, not hidden, but
                // the rollback itself is complete.
                let note = format!("but the reload after the rollback failed too: {error}");
                said.push(note.clone());
                journal.step(push, run.seq, StepState::Kept, Some(&note))?;
            }
        }
    }
    Undone {
        said,
        problems,
        unreachable: Vec::new(),
    }
    .conclude(journal, push, now, "the node")
}

/// What an undo did, could not do (`problems`: left as found, said) and could not reach
/// (`unreachable`: the push stays unfinished for a later resume). Shared by every driver.
pub struct Undone {
    pub said: Vec<String>,
    pub problems: Vec<String>,
    pub unreachable: Vec<String>,
}

impl Undone {
    /// Ends the push in the journal (unless something could not be reached) and words it.
    pub fn conclude(
        mut self,
        journal: &Journal,
        push: i64,
        now: time::OffsetDateTime,
        node: &str,
    ) -> Result<String, PushError> {
        if !self.unreachable.is_empty() {
            // Left `running` in the journal: the next start warns, `push --resume` finishes it.
            return Err(PushError::Rollback(format!(
                "{}; {node} could not be reached to finish it ({}): push #{push} stays in the journal, \
                 finish it with `certdeck push --resume` when it answers",
                self.said.join(", "),
                self.unreachable.join("; ")
            )));
        }
        let finished = if self.problems.is_empty() {
            "rolled_back"
        } else {
            "failed"
        };
        journal.finish(push, finished, now)?;
        if self.said.is_empty() {
            self.said.push("nothing had been changed".into());
        }
        if self.problems.is_empty() {
            Ok(self.said.join(", "))
        } else {
            Err(PushError::Rollback(format!(
                "{}; NOT restored: {}",
                self.said.join(", "),
                self.problems.join("; ")
            )))
        }
    }
}

/// One file step on the way back: its new state, what was done, and whether the file was put
/// back (then the reload has to run again).
async fn undo_file<R: Remote>(
    remote: &mut R,
    step: &crate::store::journal::Step,
) -> (StepState, String, bool) {
    let path = &step.target;
    let shown = remote.describe(path);
    let kept = |words: &str| (StepState::Kept, undo_note(&shown, words), false);
    if !remote.can_read() {
        return kept(
            "this driver cannot read files back, so it cannot restore them: restore by hand",
        );
    }
    // The node could not be read or written: not known to be undone, so the step stays
    // `started` and a later resume tries again.
    let unreachable = |error: PushError| {
        (
            StepState::Started,
            undo_note(&shown, &error.to_string()),
            false,
        )
    };
    let now = match remote.read(path).await {
        Ok(now) => Content::from_option(now),
        Err(error) => return unreachable(error),
    };
    if now.same_as(&step.before) {
        return (
            StepState::Undone,
            undo_note(&shown, "unchanged (the push had not replaced it)"),
            false,
        );
    }
    if !now.same_as(&step.after) {
        return kept("changed by someone else since the push wrote it: left as it is");
    }
    let put_back = match &step.before {
        Content::Present(old) => remote.replace(path, old, step.private).await,
        Content::Absent => remote.remove(path).await,
        Content::Unknown => return kept("its previous content is not known: restore by hand"),
    };
    if let Err(error) = put_back {
        return unreachable(error);
    }
    match remote.read(path).await {
        Ok(again) => {
            if !Content::from_option(again).same_as(&step.before) {
                return kept("put back, but reads back different: check it by hand");
            }
        }
        Err(error) => return unreachable(error),
    }
    let note = match step.before {
        Content::Absent => format!("removed {shown}"),
        _ => format!("restored {shown}"),
    };
    (StepState::Undone, note, true)
}

/// Completes an interrupted push: every file step not done is written if the file still holds
/// its previous content, then the reload runs.
pub async fn redo<R: Remote>(
    remote: &mut R,
    journal: &Journal,
    push: i64,
) -> Result<String, PushError> {
    let record = journal.load(push)?;
    let mut said = Vec::new();
    for step in &record.steps {
        if step.state == StepState::Done {
            continue;
        }
        let foreign_step = match step.kind {
            StepKind::File => !remote.owns(&step.target),
            StepKind::Run => !remote.may_run(&step.target),
            _ => false,
        };
        if foreign_step {
            return Err(PushError::NotApproved(foreign(remote, &step.target)));
        }
        match step.kind {
            StepKind::File => {
                let Content::Present(new) = &step.after else {
                    continue;
                };
                let now = Content::from_option(remote.read(&step.target).await?);
                let shown = remote.describe(&step.target);
                if now.same_as(&step.after) {
                    said.push(format!("{shown} already written"));
                } else if now.same_as(&step.before) {
                    remote.replace(&step.target, new, step.private).await?;
                    said.push(format!("wrote {shown}"));
                } else {
                    return Err(PushError::Driver(format!(
                        "{shown} was changed by someone else since the push began: not completed"
                    )));
                }
                journal.step(push, step.seq, StepState::Done, None)?;
            }
            StepKind::Run => {
                let output = remote.run(&step.target).await?;
                journal.step(push, step.seq, StepState::Done, Some(&output))?;
                said.push(output);
            }
            _ => {}
        }
    }
    Ok(said.join(", "))
}
