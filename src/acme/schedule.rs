//! `certdeck renew --due` on a schedule, by the operating system's own scheduler — a systemd
//! user timer on Linux, a Task Scheduler task on Windows, a launchd agent on macOS — never a
//! home-made daemon. The entries are generated here (and tested on their content); installing
//! runs the system's own tool (`systemctl --user`, `schtasks`, `launchctl`).
//!
//! The pass runs every hour: most passes do nothing, and hourly is what lets a node's
//! maintenance window (an hour or more) be met.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The systemd units' and the launchd agent's name.
pub const UNIT: &str = "certdeck-renew";
pub const LAUNCHD_LABEL: &str = "io.github.certdeck.renew";
pub const WINDOWS_TASK: &str = "\\certdeck\\renew";

/// What the scheduled pass runs: the program and its arguments.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Invocation {
    pub program: PathBuf,
    pub args: Vec<String>,
}

impl Invocation {
    /// `certdeck [--data-dir DIR] [--vault-passphrase-file F] renew --due`.
    pub fn renew(
        program: PathBuf,
        data_dir: Option<&Path>,
        passphrase_file: Option<&Path>,
    ) -> Self {
        let mut args = Vec::new();
        if let Some(dir) = data_dir {
            args.push("--data-dir".to_string());
            args.push(dir.display().to_string());
        }
        if let Some(file) = passphrase_file {
            args.push("--vault-passphrase-file".to_string());
            args.push(file.display().to_string());
        }
        args.extend(["renew".to_string(), "--due".to_string()]);
        Self { program, args }
    }
}

/// systemd quoting for `ExecStart=`: every word in double quotes, `\`, `"`, `%` and `$` escaped.
pub(super) fn systemd_word(word: &str) -> String {
    let escaped = word
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('%', "%%")
        .replace('$', "$$");
    format!("\"{escaped}\"")
}

/// The systemd user service and timer (`certdeck-renew.service`, `certdeck-renew.timer`).
pub fn systemd_units(invocation: &Invocation) -> (String, String) {
    let command: Vec<String> = std::iter::once(invocation.program.display().to_string())
        .chain(invocation.args.iter().cloned())
        .map(|w| systemd_word(&w))
        .collect();
    let service = format!(
        "[Unit]\n\
         Description=certdeck: renew the ACME certificates that are due\n\
         Documentation=https://github.com/certdeck/certdeck/blob/main/docs/acme.md\n\
         After=network-online.target\n\
         Wants=network-online.target\n\
         \n\
         [Service]\n\
         Type=oneshot\n\
         # Exit status 1: a node failed (it is retried at the next pass); `systemctl --user\n\
         # status {UNIT}` and `certdeck renew --log` say which and why.\n\
         ExecStart={}\n\
         Nice=10\n",
        command.join(" ")
    );
    let timer = format!(
        "[Unit]\n\
         Description=certdeck: renew ACME certificates every hour\n\
         \n\
         [Timer]\n\
         OnCalendar=hourly\n\
         RandomizedDelaySec=10min\n\
         Persistent=true\n\
         Unit={UNIT}.service\n\
         \n\
         [Install]\n\
         WantedBy=timers.target\n"
    );
    (service, timer)
}

pub(super) fn xml_escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// Windows command-line quoting of one argument (the rules `CommandLineToArgvW` undoes).
fn windows_argument(arg: &str) -> String {
    if !arg.is_empty() && !arg.contains([' ', '\t', '"']) {
        return arg.to_string();
    }
    let mut quoted = String::from("\"");
    let mut backslashes = 0;
    for c in arg.chars() {
        match c {
            '\\' => backslashes += 1,
            '"' => {
                quoted.push_str(&"\\".repeat(backslashes * 2 + 1));
                quoted.push('"');
                backslashes = 0;
            }
            other => {
                quoted.push_str(&"\\".repeat(backslashes));
                quoted.push(other);
                backslashes = 0;
            }
        }
    }
    quoted.push_str(&"\\".repeat(backslashes * 2));
    quoted.push('"');
    quoted
}

/// The Task Scheduler task (XML, as `schtasks /Create /XML` takes it): every hour, as the user
/// who installs it, only when logged on (the keychain is the user's), on battery too.
pub fn windows_task(invocation: &Invocation, start: &str) -> String {
    task_xml(
        invocation,
        start,
        WINDOWS_TASK,
        "certdeck: renew the ACME certificates that are due",
        "<LogonType>InteractiveToken</LogonType>",
    )
}

/// A Task Scheduler task running `invocation` hourly from `start` as `logon` says.
pub(super) fn task_xml(
    invocation: &Invocation,
    start: &str,
    task: &str,
    description: &str,
    logon: &str,
) -> String {
    let arguments: Vec<String> = invocation
        .args
        .iter()
        .map(|a| windows_argument(a))
        .collect();
    format!(
        r#"<?xml version="1.0" encoding="UTF-16"?>
<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">
  <RegistrationInfo>
    <Description>{description}</Description>
    <URI>{task}</URI>
  </RegistrationInfo>
  <Triggers>
    <TimeTrigger>
      <Repetition>
        <Interval>PT1H</Interval>
        <StopAtDurationEnd>false</StopAtDurationEnd>
      </Repetition>
      <StartBoundary>{start}</StartBoundary>
      <RandomDelay>PT10M</RandomDelay>
      <Enabled>true</Enabled>
    </TimeTrigger>
  </Triggers>
  <Principals>
    <Principal id="Author">
      {logon}
      <RunLevel>LeastPrivilege</RunLevel>
    </Principal>
  </Principals>
  <Settings>
    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>
    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>
    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>
    <StartWhenAvailable>true</StartWhenAvailable>
    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>
    <ExecutionTimeLimit>PT1H</ExecutionTimeLimit>
    <Enabled>true</Enabled>
  </Settings>
  <Actions Context="Author">
    <Exec>
      <Command>{command}</Command>
      <Arguments>{arguments}</Arguments>
    </Exec>
  </Actions>
</Task>
"#,
        description = xml_escape(description),
        task = xml_escape(task),
        command = xml_escape(&invocation.program.display().to_string()),
        arguments = xml_escape(&arguments.join(" ")),
    )
}

/// The launchd agent (`~/Library/LaunchAgents/io.github.certdeck.renew.plist`).
pub fn launchd_plist(invocation: &Invocation, log: &Path) -> String {
    let words: String = std::iter::once(invocation.program.display().to_string())
        .chain(invocation.args.iter().cloned())
        .map(|w| format!("    <string>{}</string>\n", xml_escape(&w)))
        .collect();
    let log = xml_escape(&log.display().to_string());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>{LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
{words}  </array>
  <key>StartInterval</key>
  <integer>3600</integer>
  <key>RunAtLoad</key>
  <false/>
  <key>ProcessType</key>
  <string>Background</string>
  <key>StandardOutPath</key>
  <string>{log}</string>
  <key>StandardErrorPath</key>
  <string>{log}</string>
</dict>
</plist>
"#
    )
}

/// Where this system's entry goes and how it is called.
fn home() -> Result<PathBuf, String> {
    directories::BaseDirs::new()
        .map(|d| d.home_dir().to_path_buf())
        .ok_or_else(|| "no home folder".to_string())
}

/// The folder of the systemd user units.
pub fn systemd_user_dir() -> Result<PathBuf, String> {
    directories::BaseDirs::new()
        .map(|d| d.config_dir().join("systemd").join("user"))
        .ok_or_else(|| "no configuration folder".to_string())
}

/// A Windows system tool by its full path: looked up by name, Windows would try the current
/// program's folder first, where a planted `icacls.exe` would run with an administrator's
/// rights.
fn system_tool(program: &str) -> String {
    if cfg!(windows) && matches!(program, "schtasks" | "icacls") {
        let root = std::env::var("SystemRoot").unwrap_or_else(|_| r"C:\Windows".to_string());
        format!(r"{root}\System32\{program}.exe")
    } else {
        program.to_string()
    }
}

pub(super) fn run(program: &str, args: &[&str]) -> Result<String, String> {
    let output = Command::new(system_tool(program))
        .args(args)
        .env_clear()
        .envs(crate::child::environment())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    if output.status.success() {
        Ok(text.trim().to_string())
    } else {
        Err(format!("{program} {}: {}", args.join(" "), text.trim()))
    }
}

/// Registers (or replaces) the Task Scheduler task `name` from its XML.
pub(super) fn register_task(xml: &str, name: &str) -> Result<String, String> {
    // A name nobody can guess, created new: a file planted in a shared temporary folder (an
    // administrator's `C:\Windows\Temp`) is never the one schtasks reads.
    let mut random = [0u8; 16];
    getrandom::fill(&mut random).map_err(|e| format!("no randomness: {e}"))?;
    let file = std::env::temp_dir().join(format!("certdeck-task-{}.xml", hex::encode(random)));
    // schtasks reads task XML as UTF-16 (with its byte order mark).
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(xml.encode_utf16().flat_map(u16::to_le_bytes));
    {
        use std::io::Write;
        let mut out = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&file)
            .map_err(|e| format!("{}: {e}", file.display()))?;
        out.write_all(&bytes)
            .map_err(|e| format!("{}: {e}", file.display()))?;
    }
    let path = file.display().to_string();
    let result = run("schtasks", &["/Create", "/TN", name, "/XML", &path, "/F"]);
    let _ = std::fs::remove_file(&file);
    result
}

/// Installs (or replaces) the schedule; says what was written.
pub fn install(invocation: &Invocation) -> Result<String, String> {
    if cfg!(windows) {
        let xml = windows_task(
            invocation,
            &crate::store::journal::rfc3339(time::OffsetDateTime::now_utc())
                .chars()
                .take(19)
                .collect::<String>(),
        );
        register_task(&xml, WINDOWS_TASK)
            .map(|_| format!("Task Scheduler task {WINDOWS_TASK} runs every hour"))
    } else if cfg!(target_os = "macos") {
        let home = home()?;
        let agents = home.join("Library").join("LaunchAgents");
        std::fs::create_dir_all(&agents).map_err(|e| format!("{}: {e}", agents.display()))?;
        let plist = agents.join(format!("{LAUNCHD_LABEL}.plist"));
        let log = home.join("Library").join("Logs").join("certdeck-renew.log");
        std::fs::write(&plist, launchd_plist(invocation, &log))
            .map_err(|e| format!("{}: {e}", plist.display()))?;
        let domain = format!("gui/{}", uid());
        let _ = run(
            "launchctl",
            &["bootout", &format!("{domain}/{LAUNCHD_LABEL}")],
        );
        run(
            "launchctl",
            &["bootstrap", &domain, &plist.display().to_string()],
        )?;
        Ok(format!("launchd agent {} runs every hour", plist.display()))
    } else {
        let dir = systemd_user_dir()?;
        write_systemd_units(invocation, &dir)?;
        run("systemctl", &["--user", "daemon-reload"])?;
        run(
            "systemctl",
            &["--user", "enable", "--now", &format!("{UNIT}.timer")],
        )?;
        Ok(format!(
            "systemd user timer {UNIT}.timer in {} runs every hour",
            dir.display()
        ))
    }
}

/// Writes the two systemd units into `dir`; returns their paths.
pub fn write_systemd_units(
    invocation: &Invocation,
    dir: &Path,
) -> Result<(PathBuf, PathBuf), String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let (service, timer) = systemd_units(invocation);
    let service_path = dir.join(format!("{UNIT}.service"));
    let timer_path = dir.join(format!("{UNIT}.timer"));
    std::fs::write(&service_path, service)
        .map_err(|e| format!("{}: {e}", service_path.display()))?;
    std::fs::write(&timer_path, timer).map_err(|e| format!("{}: {e}", timer_path.display()))?;
    Ok((service_path, timer_path))
}

#[cfg(unix)]
fn uid() -> String {
    run("id", &["-u"]).unwrap_or_else(|_| "501".into())
}

#[cfg(not(unix))]
fn uid() -> String {
    String::new()
}

/// Whether the entry is installed: its unit files or plist are in place, or the task exists.
pub fn is_installed() -> bool {
    if cfg!(windows) {
        run("schtasks", &["/Query", "/TN", WINDOWS_TASK]).is_ok()
    } else if cfg!(target_os = "macos") {
        home().is_ok_and(|home| {
            home.join("Library")
                .join("LaunchAgents")
                .join(format!("{LAUNCHD_LABEL}.plist"))
                .exists()
        })
    } else {
        systemd_user_dir().is_ok_and(|dir| dir.join(format!("{UNIT}.timer")).exists())
    }
}

/// The `certdeck` command line next to `program` (the window's own executable may be
/// `certdeck-window`, which opens the window whatever its arguments).
pub fn command_line_beside(program: &Path) -> PathBuf {
    let name = if cfg!(windows) {
        "certdeck.exe"
    } else {
        "certdeck"
    };
    program.with_file_name(name)
}

/// What the system's scheduler says of the entry.
pub fn status() -> Result<String, String> {
    if cfg!(windows) {
        run(
            "schtasks",
            &["/Query", "/TN", WINDOWS_TASK, "/V", "/FO", "LIST"],
        )
    } else if cfg!(target_os = "macos") {
        run(
            "launchctl",
            &["print", &format!("gui/{}/{LAUNCHD_LABEL}", uid())],
        )
    } else {
        let enabled = run(
            "systemctl",
            &["--user", "is-enabled", &format!("{UNIT}.timer")],
        )
        .unwrap_or_else(|e| e);
        let timers = run(
            "systemctl",
            &["--user", "list-timers", "--all", &format!("{UNIT}.timer")],
        )?;
        Ok(format!("{UNIT}.timer: {enabled}\n{timers}"))
    }
}

/// Removes the entry.
pub fn remove() -> Result<String, String> {
    if cfg!(windows) {
        run("schtasks", &["/Delete", "/TN", WINDOWS_TASK, "/F"]).map(|_| "removed".into())
    } else if cfg!(target_os = "macos") {
        let _ = run(
            "launchctl",
            &["bootout", &format!("gui/{}/{LAUNCHD_LABEL}", uid())],
        );
        let plist = home()?
            .join("Library")
            .join("LaunchAgents")
            .join(format!("{LAUNCHD_LABEL}.plist"));
        let _ = std::fs::remove_file(&plist);
        Ok(format!("removed {}", plist.display()))
    } else {
        let _ = run(
            "systemctl",
            &["--user", "disable", "--now", &format!("{UNIT}.timer")],
        );
        let dir = systemd_user_dir()?;
        for unit in [format!("{UNIT}.service"), format!("{UNIT}.timer")] {
            let _ = std::fs::remove_file(dir.join(unit));
        }
        let _ = run("systemctl", &["--user", "daemon-reload"]);
        Ok(format!("removed {UNIT}.timer and {UNIT}.service"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invocation() -> Invocation {
        Invocation::renew(
            PathBuf::from("/opt/cert deck/certdeck"),
            Some(Path::new("/srv/100% certs")),
            None,
        )
    }

    #[test]
    fn systemd_quotes_every_word_and_escapes_specifiers() {
        let (service, timer) = systemd_units(&invocation());
        assert!(service.contains(
            "ExecStart=\"/opt/cert deck/certdeck\" \"--data-dir\" \"/srv/100%% certs\" \"renew\" \"--due\""
        ));
        assert!(timer.contains("OnCalendar=hourly"));
        assert!(timer.contains("Persistent=true"));
    }

    #[test]
    fn the_windows_task_runs_hourly_with_quoted_arguments() {
        let xml = windows_task(
            &Invocation::renew(
                PathBuf::from(r"C:\Program Files\certdeck\certdeck.exe"),
                Some(Path::new(r"D:\certdeck data\")),
                None,
            ),
            "2026-11-29T15:00:00",
        );
        assert!(xml.contains(r"<Command>C:\Program Files\certdeck\certdeck.exe</Command>"));
        assert!(
            xml.contains(
                r#"<Arguments>--data-dir &quot;D:\certdeck data\\&quot; renew --due</Arguments>"#
            ),
            "{xml}"
        );
        assert!(xml.contains("<Interval>PT1H</Interval>"));
        assert!(xml.contains("<StartBoundary>2026-11-29T15:00:00</StartBoundary>"));
        assert!(xml.contains("<MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>"));
    }

    #[test]
    fn the_launchd_agent_lists_each_argument() {
        let plist = launchd_plist(
            &invocation(),
            Path::new("/Users/a/Library/Logs/certdeck-renew.log"),
        );
        assert!(plist.contains("<string>/opt/cert deck/certdeck</string>\n    <string>--data-dir</string>\n    <string>/srv/100% certs</string>\n    <string>renew</string>\n    <string>--due</string>"));
        assert!(plist.contains("<key>StartInterval</key>\n  <integer>3600</integer>"));
        assert!(plist.contains(&format!("<string>{LAUNCHD_LABEL}</string>")));
    }
}
