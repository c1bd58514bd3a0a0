//! A TCP proxy in front of the test database that holds every request back for a while and
//! counts them: a database across a network, where what costs is the number of round trips.

use std::{
    net::SocketAddr,
    sync::{
        Arc,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    net::{TcpListener, TcpStream},
};

pub struct SlowLink {
    addr: SocketAddr,
    requests: Arc<AtomicU64>,
}

impl SlowLink {
    /// Forwards every connection to `upstream` (`host:port`), each request (a wire-protocol
    /// message from the client) `delay` late.
    pub async fn start(upstream: String, delay: Duration) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let requests = Arc::new(AtomicU64::new(0));
        let counted = requests.clone();
        tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let Ok(server) = TcpStream::connect(&upstream).await else {
                    continue;
                };
                let (mut client_in, mut client_out) = client.into_split();
                let (mut server_in, mut server_out) = server.into_split();
                let counted = counted.clone();
                tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut server_in, &mut client_out).await;
                });
                tokio::spawn(async move {
                    while let Ok(message) = read_message(&mut client_in).await {
                        counted.fetch_add(1, Ordering::Relaxed);
                        tokio::time::sleep(delay).await;
                        if server_out.write_all(&message).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        Self { addr, requests }
    }

    /// The test database's URI, through this proxy.
    pub fn uri(&self) -> String {
        format!("mongodb://{}/?directConnection=true", self.addr)
    }

    /// Requests forwarded since the last call (the driver's monitoring included).
    pub fn take_requests(&self) -> u64 {
        self.requests.swap(0, Ordering::Relaxed)
    }
}

/// One message: its length comes first, in its own 4 bytes.
async fn read_message(from: &mut (impl AsyncReadExt + Unpin)) -> std::io::Result<Vec<u8>> {
    let mut length = [0u8; 4];
    from.read_exact(&mut length).await?;
    let total = usize::try_from(u32::from_le_bytes(length)).unwrap_or(usize::MAX);
    let mut message = length.to_vec();
    message.resize(total.max(4), 0);
    from.read_exact(&mut message[4..]).await?;
    Ok(message)
}
