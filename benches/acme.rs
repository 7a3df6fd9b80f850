//! `cargo bench --bench acme` (needs pebble, bind9, openssh-server and root for sshd): 50 nodes
//! renewed end to end — ordered from Pebble (`PEBBLE_VA_NOSLEEP=1`), proven by DNS-01 through
//! BIND (RFC 2136 with TSIG), pushed to 50 SFTP nodes (one sshd, 50 folders) and verified over
//! TLS (50 servers reading their node's files at every handshake). One pass of the pipeline, as
//! `certdeck renew --due` runs it. Results are recorded in docs/performance.md.

use std::time::{Duration, Instant};

use certdeck::acme::Propagation;
use certdeck::acme::renew::{Options, Selection};
use certdeck::push::PushOptions;
use time::OffsetDateTime;

// The tests' servers: BIND, Pebble, sshd, the TLS servers reading files, and the lab that
// stores them in an inventory.
#[path = "../tests/common/mod.rs"]
#[allow(unused_imports)]
mod common;
use common::acme::{Bind, Lab, Pebble, PebbleOptions, dns01};
use common::net::runtime;
use common::sshd::Sshd;

const NODES: usize = 50;

fn main() {
    if !(Bind::available() && Pebble::available() && Sshd::available()) {
        println!("acme: skipped (apt-get install pebble bind9 openssh-server; run as root)");
        return;
    }
    let mut lab = Lab::start(PebbleOptions::default());
    lab.account("pebble", None).expect("account");
    lab.trust_pebble();
    let sshd = Sshd::start(false, "MaxStartups 100:30:200\nMaxSessions 100\n");
    let tls = runtime();
    // 50 nodes, mixed keys as an estate has them: RSA and EC.
    for i in 0..NODES {
        let name = format!("node{i:02}");
        let folder = sshd.remote(&name);
        lab.ssh_node(
            &sshd,
            &folder,
            &name,
            &format!("{name}.example.test"),
            None,
            &tls,
        );
        let key_type = if i % 5 == 0 { "rsa2048" } else { "p256" };
        lab.issuer_with_key(&name, dns01("bind"), key_type);
    }
    let options = Options {
        parallel: 16,
        propagation: Propagation {
            timeout: Duration::from_secs(30),
            every: Duration::from_millis(250),
        },
        push: PushOptions {
            attempts: 3,
            pause: Duration::from_millis(300),
            timeout: Duration::from_secs(10),
            ..PushOptions::default()
        },
        ..Options::default()
    };
    let started = Instant::now();
    let reports = lab.pass(
        Selection::Due,
        OffsetDateTime::now_utc(),
        lab.secrets.clone(),
        options,
    );
    let elapsed = started.elapsed();
    let renewed = reports.iter().filter(|r| r.outcome == "renewed").count();
    for failed in reports.iter().filter(|r| r.outcome != "renewed") {
        println!("{}: {} — {}", failed.node, failed.outcome, failed.detail);
    }
    assert_eq!(renewed, NODES, "every node renewed");
    println!(
        "renew {NODES} nodes (Pebble, DNS-01 through BIND, SFTP push, TLS verification; 16 at once): {:.2} s",
        elapsed.as_secs_f64()
    );
}
