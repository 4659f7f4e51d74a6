//! The loopback redirect listener (RFC 8252 §7.3): binds `localhost:<port>` on the first free port
//! of a fixed list (Xero matches redirect URIs exactly, so the port cannot be random), waits for
//! the browser to arrive at `/callback`, checks `state`, answers the tab with a short page, and
//! hands back the authorization code. Owns: that listener and its tiny HTTP/1.1 exchange. Must
//! not: open the browser (the caller does) or exchange the code (`sign_in.rs` does).

use std::io::ErrorKind;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::time::Duration;

use settle_core::secret::Secret;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;

use crate::config::REDIRECT_PATH;
use crate::error::XeroError;

/// A browser that connects but sends nothing (a speculative preconnect) is dropped after this.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
const MAX_REQUEST: usize = 16 * 1024;

pub(crate) struct Loopback {
    v4: TcpListener,
    /// Browsers may resolve `localhost` to ::1 first; listening there too means the reply never
    /// lands on another program that holds [::1]:port.
    v6: Option<TcpListener>,
    port: u16,
}

impl Loopback {
    /// The first port of `ports` that is free on both loopback addresses.
    pub async fn bind(ports: &[u16]) -> Result<Self, XeroError> {
        for &port in ports {
            match bind_port(port).await {
                Ok((v4, v6)) => return Ok(Self { v4, v6, port }),
                Err(e) if port_taken(&e) => {
                    tracing::debug!(port, error = %e, "redirect port taken, trying the next");
                }
                Err(e) => return Err(XeroError::Listener(e)),
            }
        }
        Err(XeroError::NoFreePort {
            ports: ports.to_vec(),
        })
    }

    pub fn redirect_uri(&self) -> String {
        format!("http://localhost:{}{REDIRECT_PATH}", self.port)
    }

    /// Serves the loopback until a request reaches `/callback`; other paths (a favicon) get 404.
    pub async fn wait(
        self,
        expected_state: &str,
        scopes: &str,
        cancel: &CancellationToken,
    ) -> Result<Secret, XeroError> {
        let (tx, mut rx) = mpsc::channel(4);
        loop {
            tokio::select! {
                () = cancel.cancelled() => return Err(XeroError::Cancelled),
                Some(outcome) = rx.recv() => return outcome,
                accepted = accept(&self.v4, self.v6.as_ref()) => match accepted {
                    Ok(stream) => {
                        let expected = Expected {
                            state: expected_state.to_owned(),
                            scopes: scopes.to_owned(),
                        };
                        tokio::spawn(serve(stream, expected, tx.clone()));
                    }
                    Err(e) => tracing::debug!(error = %e, "loopback accept failed"),
                },
            }
        }
    }
}

async fn bind_port(port: u16) -> std::io::Result<(TcpListener, Option<TcpListener>)> {
    let v4 = TcpListener::bind((Ipv4Addr::LOCALHOST, port)).await?;
    match TcpListener::bind((Ipv6Addr::LOCALHOST, port)).await {
        Ok(v6) => Ok((v4, Some(v6))),
        Err(e) if port_taken(&e) => Err(e),
        // No IPv6 loopback on this machine: browsers then use 127.0.0.1.
        Err(_) => Ok((v4, None)),
    }
}

/// In use, or reserved (Windows answers "access denied" for ports in its excluded ranges).
fn port_taken(e: &std::io::Error) -> bool {
    matches!(e.kind(), ErrorKind::AddrInUse | ErrorKind::PermissionDenied)
}

async fn accept(v4: &TcpListener, v6: Option<&TcpListener>) -> std::io::Result<TcpStream> {
    match v6 {
        Some(v6) => tokio::select! {
            r = v4.accept() => r.map(|(s, _)| s),
            r = v6.accept() => r.map(|(s, _)| s),
        },
        None => v4.accept().await.map(|(s, _)| s),
    }
}

struct Expected {
    state: String,
    scopes: String,
}

type Outcome = Result<Secret, XeroError>;

async fn serve(mut stream: TcpStream, expected: Expected, tx: mpsc::Sender<Outcome>) {
    let Ok(Some(target)) = tokio::time::timeout(READ_TIMEOUT, read_target(&mut stream))
        .await
        .unwrap_or(Ok(None))
    else {
        return;
    };
    let Ok(url) = reqwest::Url::parse(&format!("http://localhost{target}")) else {
        let _ = respond(
            &mut stream,
            "400 Bad Request",
            "Settle could not read this request.",
        )
        .await;
        return;
    };
    if url.path() != REDIRECT_PATH {
        let _ = respond(&mut stream, "404 Not Found", "Nothing here.").await;
        return;
    }
    let get = |name: &str| {
        url.query_pairs()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.into_owned())
    };
    let outcome = read_callback(&expected, get("state"), get("code"), get("error"), || {
        get("error_description")
    });
    let page = match &outcome {
        Ok(_) => "Settle received Xero's reply. You can close this tab and go back to Settle.",
        Err(XeroError::StateMismatch) => {
            "This sign-in reply does not belong to the sign-in Settle started, so it was ignored. \
             Go back to Settle and click Connect again."
        }
        Err(XeroError::SignInDenied) => {
            "The connection to Xero was cancelled. You can close this tab; Settle is not connected."
        }
        Err(_) => "Settle could not connect to Xero. Go back to Settle to see why and try again.",
    };
    let _ = respond(&mut stream, "200 OK", page).await;
    let _ = tx.send(outcome).await;
}

fn read_callback(
    expected: &Expected,
    state: Option<String>,
    code: Option<String>,
    error: Option<String>,
    description: impl FnOnce() -> Option<String>,
) -> Outcome {
    if state.as_deref() != Some(expected.state.as_str()) {
        return Err(XeroError::StateMismatch);
    }
    match (error, code) {
        (Some(error), _) => Err(match error.as_str() {
            "access_denied" => XeroError::SignInDenied,
            "invalid_scope" | "unauthorized_client" => XeroError::ScopesRefused {
                scopes: expected.scopes.clone(),
            },
            _ => XeroError::SignInFailed {
                error,
                description: description(),
            },
        }),
        (None, Some(code)) if !code.is_empty() => Ok(Secret::new(code)),
        (None, _) => Err(XeroError::CallbackMalformed(
            "it carried neither a code nor an error".to_owned(),
        )),
    }
}

/// The request target of the first request line (`GET /callback?… HTTP/1.1`).
async fn read_target(stream: &mut TcpStream) -> std::io::Result<Option<String>> {
    let mut buf = Vec::with_capacity(1024);
    let mut chunk = [0u8; 1024];
    while !buf.windows(4).any(|w| w == b"\r\n\r\n") && buf.len() < MAX_REQUEST {
        let n = stream.read(&mut chunk).await?;
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let text = String::from_utf8_lossy(&buf);
    let mut words = text.lines().next().unwrap_or("").split_whitespace();
    Ok(match (words.next(), words.next()) {
        (Some("GET"), Some(target)) if target.starts_with('/') => Some(target.to_owned()),
        _ => None,
    })
}

async fn respond(stream: &mut TcpStream, status: &str, message: &str) -> std::io::Result<()> {
    // `message` is always one of this module's own sentences: nothing from the request is echoed.
    let body = format!(
        "<!doctype html><meta charset=utf-8><title>Settle</title>\
         <body style=\"font-family:system-ui,sans-serif;margin:3em\"><p>{message}</p></body>"
    );
    let response = format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(response.as_bytes()).await?;
    stream.shutdown().await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expected() -> Expected {
        Expected {
            state: "s1".into(),
            scopes: "offline_access".into(),
        }
    }

    #[test]
    fn callbacks_are_read_state_first() {
        let some = |s: &str| Some(s.to_owned());
        assert!(read_callback(&expected(), some("s1"), some("c"), None, || None).is_ok());
        assert!(matches!(
            read_callback(&expected(), some("s2"), some("c"), None, || None),
            Err(XeroError::StateMismatch)
        ));
        assert!(matches!(
            read_callback(&expected(), None, some("c"), None, || None),
            Err(XeroError::StateMismatch)
        ));
        assert!(matches!(
            read_callback(&expected(), some("s1"), None, some("access_denied"), || {
                None
            }),
            Err(XeroError::SignInDenied)
        ));
        assert!(matches!(
            read_callback(&expected(), some("s1"), None, some("invalid_scope"), || {
                None
            }),
            Err(XeroError::ScopesRefused { .. })
        ));
        assert!(matches!(
            read_callback(&expected(), some("s1"), None, None, || None),
            Err(XeroError::CallbackMalformed(_))
        ));
    }
}
