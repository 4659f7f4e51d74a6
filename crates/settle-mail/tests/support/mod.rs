//! Test support: a throwaway CA and server certificate for 127.0.0.1/localhost, and the real SMTP
//! server process (`tools/smtp-server/server.mjs`, npm `smtp-server`) on loopback, with its
//! maildir, JSONL log and fault-injection endpoint. The process is killed when dropped.
#![allow(dead_code)] // each test binary uses a different part of it

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use rcgen::{BasicConstraints, CertificateParams, IsCa, Issuer, KeyPair};
use serde_json::Value;
use settle_core::secret::Secret;
use settle_mail::{SmtpMailer, SmtpSecurity, SmtpSettings};
use tempfile::TempDir;

pub const USER: &str = "owner@settle.test";
pub const PASSWORD: &str = "correct horse battery staple";

/// A CA plus a server certificate it signed, written as PEM files in a temp dir.
pub struct Certificates {
    pub dir: TempDir,
    pub ca_pem: String,
    pub cert_path: PathBuf,
    pub key_path: PathBuf,
}

impl Certificates {
    /// A fresh CA and a server certificate for `names` (IP addresses become IP SANs).
    pub fn new(names: &[&str]) -> Self {
        let mut ca_params = CertificateParams::new(Vec::new()).unwrap();
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        // A distinct name per CA, so a stranger's CA is an unknown issuer, not a look-alike.
        static NEXT: AtomicUsize = AtomicUsize::new(1);
        let serial = NEXT.fetch_add(1, Ordering::Relaxed);
        let ca_name = format!("Settle test CA {} #{serial}", std::process::id());
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, ca_name);
        let ca_key = KeyPair::generate().unwrap();
        let ca_cert = ca_params.self_signed(&ca_key).unwrap();
        let issuer = Issuer::new(ca_params, ca_key);
        let names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        let server_params = CertificateParams::new(names).unwrap();
        let server_key = KeyPair::generate().unwrap();
        let server_cert = server_params.signed_by(&server_key, &issuer).unwrap();
        let dir = tempfile::tempdir().unwrap();
        let cert_path = dir.path().join("server.pem");
        let key_path = dir.path().join("server.key");
        std::fs::write(&cert_path, server_cert.pem()).unwrap();
        std::fs::write(&key_path, server_key.serialize_pem()).unwrap();
        Certificates {
            dir,
            ca_pem: ca_cert.pem(),
            cert_path,
            key_path,
        }
    }

    pub fn loopback() -> Self {
        Self::new(&["127.0.0.1", "localhost"])
    }
}

/// How to start the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[allow(clippy::enum_variant_names)] // named after the protocol words, as the server's flags are
pub enum Tls {
    StartTls,
    Implicit,
    /// Plain SMTP that never offers STARTTLS.
    NoStartTls,
}

/// The running `server.mjs` process.
pub struct SmtpServer {
    child: Child,
    pub port: u16,
    pub control_port: u16,
    pub maildir: TempDir,
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

impl SmtpServer {
    pub fn start(tls: Tls, certs: &Certificates, auth: bool) -> Self {
        let root = repo_root();
        assert!(
            root.join("node_modules/smtp-server/package.json").exists(),
            "the npm package smtp-server is missing: run `npm ci` at the repository root ({})",
            root.display()
        );
        let maildir = tempfile::tempdir().unwrap();
        let mut command = Command::new("node");
        command
            .current_dir(&root)
            .arg("tools/smtp-server/server.mjs")
            .arg("--quiet");
        command
            .args(["--port", "0", "--maildir"])
            .arg(maildir.path());
        command
            .arg("--cert")
            .arg(&certs.cert_path)
            .arg("--key")
            .arg(&certs.key_path);
        match tls {
            Tls::StartTls => command.args(["--tls", "starttls"]),
            Tls::Implicit => command.args(["--tls", "implicit"]),
            Tls::NoStartTls => command.args(["--tls", "starttls", "--no-starttls"]),
        };
        if auth {
            command.arg("--auth").arg(format!("{USER}:{PASSWORD}"));
        }
        let mut child = command
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("could not start node ({e}): install Node.js 20+"));
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let ports: Value = serde_json::from_str(&line)
            .unwrap_or_else(|_| panic!("smtp-server did not start (printed {line:?})"));
        SmtpServer {
            child,
            port: ports["port"].as_u64().unwrap() as u16,
            control_port: ports["control_port"].as_u64().unwrap() as u16,
            maildir,
        }
    }

    /// Settings for this server, trusting `ca_pem`.
    pub fn settings(&self, security: SmtpSecurity, ca_pem: Option<&str>) -> SmtpSettings {
        SmtpSettings {
            host: "127.0.0.1".to_owned(),
            port: self.port,
            security,
            username: USER.to_owned(),
            extra_root_certificate_pem: ca_pem.map(str::to_owned),
            timeout: Duration::from_secs(10),
        }
    }

    pub fn mailer(&self, security: SmtpSecurity, certs: &Certificates) -> SmtpMailer {
        SmtpMailer::new(
            self.settings(security, Some(&certs.ca_pem)),
            Secret::new(PASSWORD),
        )
    }

    /// Adds fault rules (see tools/smtp-server/README.md).
    pub fn inject(&self, rules: Value) {
        let body = rules.to_string();
        let mut stream = TcpStream::connect(("127.0.0.1", self.control_port)).unwrap();
        write!(
            stream,
            "POST /faults HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n\
             Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        )
        .unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(
            response.starts_with("HTTP/1.1 200"),
            "fault refused: {response}"
        );
    }

    /// Every line of the server's JSONL log.
    pub fn log(&self) -> Vec<Value> {
        let path = self.maildir.path().join("log.jsonl");
        let text = std::fs::read_to_string(path).unwrap_or_default();
        text.lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    }

    pub fn events(&self, event: &str) -> Vec<Value> {
        self.log()
            .into_iter()
            .filter(|e| e["event"] == event)
            .collect()
    }

    /// The stored bytes of an accepted message (`1.eml`, ...).
    pub fn stored(&self, file: &str) -> Vec<u8> {
        std::fs::read(self.maildir.path().join(file)).unwrap()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
