//! An HTTP/1.1 server on 127.0.0.1 for the client tests: it records every
//! request it receives and answers as the test says, over plain TCP or
//! over TLS with a certificate the test made. Written on std's sockets
//! (and rustls's blocking API), apart from the HTTP stack the client uses,
//! so what it records is what went over the wire.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A request as the server read it off the socket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Received {
    pub method: String,
    /// The request target: path and query, as sent.
    pub target: String,
    /// Header names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Received {
    /// The body as an `application/x-www-form-urlencoded` form (awsQuery,
    /// ec2Query), decoded by `percent-encoding` into its pairs in the
    /// order sent.
    pub fn form(&self) -> Vec<(String, String)> {
        let text = std::str::from_utf8(&self.body).expect("a UTF-8 form");
        let decode = |part: &str| {
            percent_encoding::percent_decode_str(&part.replace('+', " "))
                .decode_utf8()
                .expect("UTF-8 once decoded")
                .into_owned()
        };
        text.split('&')
            .map(|pair| {
                let (key, value) = pair.split_once('=').expect("key=value");
                (decode(key), decode(value))
            })
            .collect()
    }

    /// The first value of a header.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// The server's answer to one request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// How long to wait before answering.
    pub delay: Duration,
    /// How the body goes out.
    pub framing: Framing,
}

/// How a reply's body is framed on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// With `content-length`.
    Length,
    /// In chunks of this many bytes (`transfer-encoding: chunked`), with
    /// no length declared up front.
    Chunked(usize),
    /// With a `content-length` of this many bytes, of which only the body
    /// is sent; then the connection stays open and silent.
    StallAfterBody(usize),
}

impl Reply {
    /// A JSON answer.
    pub fn json(status: u16, body: &str) -> Self {
        Self {
            status,
            headers: vec![("content-type".into(), "application/json".into())],
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            framing: Framing::Length,
        }
    }

    /// An answer of `body` as `content_type`.
    pub fn bytes(status: u16, content_type: &str, body: Vec<u8>) -> Self {
        Self {
            headers: vec![("content-type".into(), content_type.into())],
            body,
            ..Self::json(status, "")
        }
    }

    /// The same answer, framed otherwise.
    pub fn framed(mut self, framing: Framing) -> Self {
        self.framing = framing;
        self
    }

    /// The same answer, given after `delay`.
    pub fn after(mut self, delay: Duration) -> Self {
        self.delay = delay;
        self
    }

    /// The same answer with one more header.
    pub fn with_header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }
}

type Handler = dyn Fn(usize, &Received) -> Reply + Send + Sync;

/// A running server; it stops when dropped.
pub struct Server {
    address: SocketAddr,
    scheme: &'static str,
    received: Arc<Mutex<Vec<Received>>>,
    stopped: Arc<AtomicBool>,
}

impl Server {
    /// Starts a server that answers the `n`th request (from 0) with
    /// `handler(n, &request)`.
    pub fn start(handler: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static) -> Self {
        Self::start_with(None, handler)
    }

    /// The same, over TLS: `https://localhost:<port>`, presenting `tls`'s
    /// certificate.
    pub fn start_tls(
        tls: Arc<rustls::ServerConfig>,
        handler: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static,
    ) -> Self {
        Self::start_with(Some(tls), handler)
    }

    fn start_with(
        tls: Option<Arc<rustls::ServerConfig>>,
        handler: impl Fn(usize, &Received) -> Reply + Send + Sync + 'static,
    ) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        let address = listener.local_addr().expect("a bound address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let stopped = Arc::new(AtomicBool::new(false));
        let handler: Arc<Handler> = Arc::new(handler);
        let (log, stop) = (received.clone(), stopped.clone());
        let scheme = if tls.is_some() { "https" } else { "http" };
        thread::spawn(move || {
            for stream in listener.incoming() {
                if stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(stream) = stream else { continue };
                let (log, handler, tls) = (log.clone(), handler.clone(), tls.clone());
                thread::spawn(move || match tls {
                    None => serve(stream, &log, &*handler),
                    Some(config) => {
                        let Ok(connection) = rustls::ServerConnection::new(config) else {
                            return;
                        };
                        serve(
                            rustls::StreamOwned::new(connection, stream),
                            &log,
                            &*handler,
                        )
                    }
                });
            }
        });
        Self {
            address,
            scheme,
            received,
            stopped,
        }
    }

    /// `http://127.0.0.1:<port>`, or `https://localhost:<port>` over TLS.
    pub fn url(&self) -> String {
        match self.scheme {
            "https" => format!("https://localhost:{}", self.address.port()),
            _ => format!("http://{}", self.address),
        }
    }

    /// The requests received so far, in order.
    pub fn received(&self) -> Vec<Received> {
        self.received
            .lock()
            .expect("no test panicked holding the log")
            .clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so it sees the flag.
        let _ = TcpStream::connect(self.address);
    }
}

/// A port on 127.0.0.1 that nothing listens on.
pub fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    let address = listener.local_addr().expect("a bound address");
    drop(listener);
    format!("http://{address}")
}

/// Answers the requests of one connection until the client closes it.
fn serve(stream: impl Read + Write, log: &Mutex<Vec<Received>>, handler: &Handler) {
    let mut reader = BufReader::new(stream);
    while let Some(request) = read_request(&mut reader) {
        let index = {
            let mut log = log.lock().expect("no test panicked holding the log");
            log.push(request.clone());
            log.len() - 1
        };
        let reply = handler(index, &request);
        thread::sleep(reply.delay);
        if write_reply(reader.get_mut(), &reply).is_err() {
            return;
        }
        if let Framing::StallAfterBody(_) = reply.framing {
            // Silent, with the connection open, until the test ends.
            thread::sleep(Duration::from_secs(600));
            return;
        }
    }
}

fn write_reply(writer: &mut impl Write, reply: &Reply) -> std::io::Result<()> {
    let framing = match reply.framing {
        Framing::Length => format!("content-length: {}\r\n", reply.body.len()),
        Framing::StallAfterBody(declared) => format!("content-length: {declared}\r\n"),
        Framing::Chunked(_) => "transfer-encoding: chunked\r\n".to_owned(),
    };
    let mut head = format!("HTTP/1.1 {} Loopback\r\n{framing}", reply.status);
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    writer.write_all(head.as_bytes())?;
    match reply.framing {
        Framing::Length | Framing::StallAfterBody(_) => writer.write_all(&reply.body)?,
        Framing::Chunked(size) => {
            for chunk in reply.body.chunks(size.max(1)) {
                writer.write_all(format!("{:x}\r\n", chunk.len()).as_bytes())?;
                writer.write_all(chunk)?;
                writer.write_all(b"\r\n")?;
            }
            writer.write_all(b"0\r\n\r\n")?;
        }
    }
    writer.flush()
}

/// One request off the connection; `None` at its end or on bad input.
fn read_request(reader: &mut impl BufRead) -> Option<Received> {
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, target) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let mut headers = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).ok()?;
        let line = line.trim_end_matches(['\r', '\n']);
        if line.is_empty() {
            break;
        }
        let (name, value) = line.split_once(':')?;
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
    }
    let length = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(Some(0), |(_, v)| v.parse::<usize>().ok())?;
    let mut body = vec![0; length];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        target,
        headers,
        body,
    })
}

/// A certificate authority made for one test, and a server certificate it
/// signed for `localhost` and 127.0.0.1.
pub struct TestCa {
    /// The authority's certificate, as PEM text, for the client to trust.
    pub ca_pem: String,
    /// The server's TLS configuration, presenting the signed certificate.
    pub server: Arc<rustls::ServerConfig>,
}

impl TestCa {
    /// A new authority and server certificate, with fresh keys.
    pub fn generate() -> Self {
        let ca_key = rcgen::KeyPair::generate().expect("a CA key");
        let mut ca_params = rcgen::CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = rcgen::IsCa::Ca(rcgen::BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(rcgen::DnType::CommonName, "loopback test CA");
        let ca = ca_params.self_signed(&ca_key).expect("a CA certificate");
        let server_key = rcgen::KeyPair::generate().expect("a server key");
        let mut server_params =
            rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("server params");
        server_params
            .subject_alt_names
            .push(rcgen::SanType::IpAddress(
                std::net::Ipv4Addr::LOCALHOST.into(),
            ));
        let server_cert = server_params
            .signed_by(&server_key, &ca, &ca_key)
            .expect("a server certificate");
        let key = rustls::pki_types::PrivateKeyDer::try_from(server_key.serialize_der())
            .expect("a PKCS#8 key");
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let server = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![server_cert.der().clone()], key)
            .expect("a server configuration");
        Self {
            ca_pem: ca.pem(),
            server: Arc::new(server),
        }
    }
}

/// The key the client tests sign with: AWS's documented example key.
pub const ACCESS_KEY: &str = "AKIDEXAMPLE";
/// The secret that goes with [`ACCESS_KEY`].
pub const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

/// Rebuilds the received request as an `http::Request` with the URL the
/// client called and has `aws-sigv4` sign it independently, with
/// [`ACCESS_KEY`] for `scope` (region, service); its signature must be the
/// one the client sent.
pub fn assert_signed_as_aws_sigv4_signs_for(
    server: &Server,
    received: &Received,
    scope: (&str, &str),
) {
    assert_signed(server, received, scope, false);
}

/// [`assert_signed_as_aws_sigv4_signs_for`], for S3: `aws-sigv4` adds
/// and signs `x-amz-content-sha256` and signs the path as it is.
pub fn assert_signed_as_aws_sigv4_signs_for_s3(server: &Server, received: &Received, region: &str) {
    assert_signed(server, received, (region, "s3"), true);
}

/// The received request as an `http::Request` with the URL the client
/// called, for signing it again.
pub fn rebuilt(server: &Server, received: &Received) -> http::Request<Vec<u8>> {
    let mut request = http::Request::builder()
        .method(received.method.as_str())
        .uri(format!("{}{}", server.url(), received.target));
    for (name, value) in &received.headers {
        request = request.header(name, value);
    }
    request.body(received.body.clone()).unwrap()
}

fn assert_signed(server: &Server, received: &Received, scope: (&str, &str), s3: bool) {
    let request = rebuilt(server, received);
    let time = crate::amz_date_time(received.header("x-amz-date").expect("an X-Amz-Date header"));
    let by = crate::SignedBy {
        access_key_id: ACCESS_KEY,
        secret: SECRET,
        session_token: None,
        scope,
        time,
        s3,
    };
    let expected = crate::reference_signature(&request, &by);
    assert_eq!(
        received.header("authorization"),
        Some(expected["authorization"].as_str())
    );
}
