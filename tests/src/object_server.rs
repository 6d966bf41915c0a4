//! A loopback server that stores nothing of an object but what checks it,
//! for streamed uploads and downloads of any size: `PUT` bodies are read
//! off the socket as they come (aws-chunked decoded, its trailer kept),
//! and `GET` bodies are written as they are made. Its CRC32 is the `crc`
//! crate's table-driven one, apart from the client's.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use crc::{Crc, CRC_32_ISO_HDLC};

static CRC32: Crc<u32> = Crc::<u32>::new(&CRC_32_ISO_HDLC);

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
    /// The decoded body's length and CRC32 (base64).
    pub length: u64,
    pub crc32: String,
    /// The body matched the object this server makes, byte for byte.
    pub is_object: bool,
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
        let kept = Arc::clone(&uploads);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { return };
                let kept = Arc::clone(&kept);
                let checksum = checksum.clone();
                thread::spawn(move || serve(stream, length, &checksum, &kept));
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
fn serve(stream: TcpStream, length: u64, checksum: &str, uploads: &Mutex<Vec<Upload>>) {
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
        let mut headers = Vec::new();
        loop {
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.trim().to_ascii_lowercase(), value.trim().to_owned()));
        }
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
            let mut is_object = true;
            let mut buffer = vec![0; 64 << 10];
            let mut take =
                |reader: &mut BufReader<TcpStream>, mut count: u64, upload: &mut Upload| {
                    while count > 0 {
                        let piece = count.min(buffer.len() as u64) as usize;
                        reader.read_exact(&mut buffer[..piece]).unwrap();
                        digest.update(&buffer[..piece]);
                        is_object &= buffer[..piece]
                            .iter()
                            .enumerate()
                            .all(|(i, byte)| *byte == object_byte(upload.length + i as u64));
                        upload.length += piece as u64;
                        count -= piece as u64;
                    }
                };
            if chunked {
                loop {
                    let mut size = String::new();
                    reader.read_line(&mut size).unwrap();
                    let size = u64::from_str_radix(size.trim_end(), 16).unwrap();
                    if size == 0 {
                        break;
                    }
                    take(&mut reader, size, &mut upload);
                    let mut crlf = [0; 2];
                    reader.read_exact(&mut crlf).unwrap();
                    assert_eq!(&crlf, b"\r\n", "each chunk ends with CRLF");
                }
                loop {
                    let mut line = String::new();
                    reader.read_line(&mut line).unwrap();
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    upload.trailer.push(line.to_owned());
                }
            } else {
                take(&mut reader, declared, &mut upload);
            }
            upload.crc32 = base64(digest.finalize());
            upload.is_object = is_object;
            uploads.lock().unwrap().push(upload);
            writer
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\netag: \"1b2cf535f27731c974343645a3985328\"\r\n\r\n")
                .unwrap();
            continue;
        }
        let head = format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: {length}\r\nx-amz-checksum-crc32: {checksum}\r\n\r\n"
        );
        writer.write_all(head.as_bytes()).unwrap();
        let mut chunk = Vec::with_capacity(64 << 10);
        let mut at = 0;
        while at < length {
            chunk.clear();
            let end = (at + (64 << 10)).min(length);
            chunk.extend((at..end).map(object_byte));
            if writer.write_all(&chunk).is_err() {
                return;
            }
            at = end;
        }
    }
}
