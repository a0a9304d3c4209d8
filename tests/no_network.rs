//! newsgraph makes no network connections: no HTTP, TLS or WebSocket client
//! is among the packages the binary is built from (`Cargo.lock`), and the
//! sources open no sockets.

use std::path::Path;

/// Client libraries a network connection would come from.
const NETWORK_CLIENTS: &[&str] = &[
    "reqwest",
    "hyper",
    "ureq",
    "curl",
    "isahc",
    "attohttpc",
    "surf",
    "h2",
    "rustls",
    "native-tls",
    "openssl",
    "tungstenite",
];

#[test]
fn no_network_client_is_linked() {
    let lock = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.lock"))
        .expect("Cargo.lock is committed");
    let packages: Vec<&str> = lock
        .lines()
        .filter_map(|l| l.strip_prefix("name = \""))
        .filter_map(|l| l.strip_suffix('"'))
        .collect();
    assert!(packages.len() > 100, "Cargo.lock lists the packages");
    for client in NETWORK_CLIENTS {
        assert!(!packages.contains(client), "{client} is linked");
    }
}

#[test]
fn the_sources_open_no_sockets() {
    let mut stack = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("src")];
    let mut files = 0;
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files += 1;
                let code = std::fs::read_to_string(&path).unwrap();
                for socket in ["TcpStream", "UdpSocket", "TcpListener", "std::net"] {
                    assert!(!code.contains(socket), "{} uses {socket}", path.display());
                }
            }
        }
    }
    assert!(files > 20);
}
