//! A loopback server that keeps nothing of an upload but what checks it,
//! for streamed uploads and downloads of any size: `PUT` bodies are read
//! off the socket as they come (aws-chunked decoded, its trailer kept, its
//! CRC32 computed), and `GET` answers the object it made once at start, so
//! that a download is not held back by making it. Its CRC32 is the `crc`
//! crate's table-driven one, apart from the client's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use crc::{Crc, Table, CRC_32_ISO_HDLC};

static CRC32: Crc<u32, Table<16>> = Crc::<u32, Table<16>>::new(&CRC_32_ISO_HDLC);

/// The `index`th byte of every object this server makes: a pattern no
/// shorter than the object, so a misplaced chunk changes the checksum.
pub fn object_byte(index: u64) -> u8 {
    (index.wrapping_mul(31) ^ (index >> 13)) as u8
}

/// The CRC32 of an object of `length` bytes, as S3 writes it in
/// `x-amz-checksum-crc32` (base64 of the big-endian value).
pub fn object_crc32(length: u64) -> String {
    let mut digest = CRC32.digest();
    let mut chunk = Vec::with_capacity(64 << 10);
    let mut at = 0;
    while at < length {
        chunk.clear();
        let end = (at + (64 << 10)).min(length);
        chunk.extend((at..end).map(object_byte));
        digest.update(&chunk);
        at = end;
    }
    base64(digest.finalize())
}

fn base64(crc: u32) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(crc.to_be_bytes())
}

/// What one `PUT` brought, without its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Upload {
    pub target: String,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    /// The decoded body's length and CRC32 (base64): the object this
    /// server makes, when it equals [`object_crc32`].
    pub length: u64,
    pub crc32: String,
    /// The aws-chunked trailer's lines, as `name:value`.
    pub trailer: Vec<String>,
}

impl Upload {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// A running server; answers `GET` with an object of `length` bytes whose
/// `x-amz-checksum-crc32` is `checksum`.
pub struct ObjectServer {
    url: String,
    uploads: Arc<Mutex<Vec<Upload>>>,
}

impl ObjectServer {
    pub fn start(length: u64, checksum: String) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let uploads = Arc::new(Mutex::new(Vec::new()));
        let object: Arc<Vec<u8>> = Arc::new((0..length).map(object_byte).collect());
        let kept = Arc::clone(&uploads);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let kept = Arc::clone(&kept);
                let checksum = checksum.clone();
                let object = Arc::clone(&object);
                thread::spawn(move || serve(stream, &object, &checksum, &kept));
            }
        });
        Self { url, uploads }
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn uploads(&self) -> Vec<Upload> {
        self.uploads.lock().unwrap().clone()
    }
}

/// Answers the requests of one connection until the client closes it.
fn serve(stream: TcpStream, object: &[u8], checksum: &str, uploads: &Mutex<Vec<Upload>>) {
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::with_capacity(64 << 10, stream);
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let method = parts.next().unwrap_or_default().to_owned();
        let target = parts.next().unwrap_or_default().to_owned();
        let headers: Vec<(String, String)> = lines_to_blank(&mut reader)
            .iter()
            .map(|line| {
                let (name, value) = line.split_once(':').unwrap();
                (name.trim().to_ascii_lowercase(), value.trim().to_owned())
            })
            .collect();
        let header = |name: &str| {
            headers
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        if method == "PUT" {
            let mut upload = Upload {
                target,
                headers: headers.clone(),
                ..Upload::default()
            };
            let chunked = header("content-encoding").is_some_and(|e| e.contains("aws-chunked"));
            let declared: u64 = header("content-length").unwrap().parse().unwrap();
            let mut digest = CRC32.digest();
            let mut buffer = vec![0; 64 << 10];
            let mut take =
                |reader: &mut BufReader<TcpStream>, mut count: u64, upload: &mut Upload| {
                    while count > 0 {
                        let piece = count.min(buffer.len() as u64) as usize;
                        reader.read_exact(&mut buffer[..piece]).unwrap();
                        digest.update(&buffer[..piece]);
                        upload.length += piece as u64;
                        count -= piece as u64;
                    }
                };
            if chunked {
                loop {
                    let mut size = String::new();
                    reader.read_line(&mut size).unwrap();
                    let size = size.trim_end();
                    // A chunk may carry extensions after `;` (a signed
                    // chunk's signature).
                    let hex = size.split(';').next().unwrap_or_default();
                    let size = u64::from_str_radix(hex, 16)
                        .unwrap_or_else(|_| panic!("not a chunk size line: {size:?}"));
                    if size == 0 {
                        break;
                    }
                    take(&mut reader, size, &mut upload);
                    let mut crlf = [0; 2];
                    reader.read_exact(&mut crlf).unwrap();
                    assert_eq!(&crlf, b"\r\n", "each chunk ends with CRLF");
                }
                upload.trailer = lines_to_blank(&mut reader);
            } else {
                take(&mut reader, declared, &mut upload);
            }
            upload.crc32 = base64(digest.finalize());
            uploads.lock().unwrap().push(upload);
            writer
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\netag: \"1b2cf535f27731c974343645a3985328\"\r\n\r\n")
                .unwrap();
            continue;
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {}\r\nx-amz-checksum-crc32: {checksum}\r\n\r\n",
            object.len()
        );
        writer.write_all(head.as_bytes()).unwrap();
        for chunk in object.chunks(64 << 10) {
            if writer.write_all(chunk).is_err() {
                return;
            }
        }
    }
}

/// The lines up to a blank one (headers, a trailer), without their ends.
fn lines_to_blank(reader: &mut impl BufRead) -> Vec<String> {
    let mut lines = Vec::new();
    loop {
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let line = line.trim_end();
        if line.is_empty() {
            return lines;
        }
        lines.push(line.to_owned());
    }
}
