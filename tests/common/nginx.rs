//! nginx (Debian's, installed by .ci/run) started by a test on a loopback port with its own
//! configuration in a temporary folder, and stopped when the test drops it.

use std::path::Path;
use std::process::{Child, Command, Stdio};

/// A running nginx; killed on drop.
pub struct Nginx {
    child: Child,
    pub port: u16,
}

impl Nginx {
    /// nginx with `server` (the body of one `server { … }` block, which must listen on
    /// `127.0.0.1:{port}` — the port is handed to `server`) and its files below `dir`; the
    /// access log is `dir/logs/access.log`.
    pub fn start(dir: &Path, server: impl FnOnce(u16) -> String) -> Self {
        assert!(
            Path::new("/usr/sbin/nginx").exists(),
            "install nginx (see .ci/run)"
        );
        std::fs::create_dir_all(dir.join("logs")).unwrap();
        let port = super::free_port();
        let config = format!(
            "user root;\nworker_processes 1;\npid {d}/nginx.pid;\nerror_log {d}/logs/error.log;\n\
             events {{ worker_connections 64; }}\n\
             http {{\n  access_log {d}/logs/access.log;\n  client_body_temp_path {d}/body;\n\
               proxy_temp_path {d}/proxy;\n  fastcgi_temp_path {d}/fastcgi;\n  uwsgi_temp_path {d}/uwsgi;\n\
               scgi_temp_path {d}/scgi;\n  server {{\n{server}\n  }}\n}}\n",
            d = dir.display(),
            server = server(port),
        );
        std::fs::write(dir.join("nginx.conf"), config).unwrap();
        let child = Command::new("/usr/sbin/nginx")
            .args([
                "-c",
                &dir.join("nginx.conf").display().to_string(),
                "-p",
                &dir.display().to_string(),
                "-g",
                "daemon off;",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts (as root)");
        super::wait_until_listening(port, "nginx");
        Self { child, port }
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
