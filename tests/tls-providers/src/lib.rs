//! With both of rustls's crypto providers compiled in and none installed
//! as the process default, rustls cannot choose one for
//! `ClientConfig::builder()` and panics; the default transport names ring
//! itself, so building it and calling through it must not panic.

#[cfg(test)]
mod tests {
    use smithy_runtime::client::{HttpSettings, HttpTransport, HyperTransport};

    #[test]
    fn rustls_cannot_choose_a_provider_here() {
        // The situation the transport must survive: a program that asks
        // rustls for its default gets a panic.
        assert!(std::panic::catch_unwind(rustls::ClientConfig::builder).is_err());
    }

    #[tokio::test]
    async fn the_default_transport_names_its_provider() {
        let settings = HttpSettings::default();
        let transport = HyperTransport::new(&settings).expect("a transport");
        // A request to a port nothing listens on: the connection fails, and
        // nothing panics on the way.
        let request = http::Request::builder()
            .uri("https://127.0.0.1:9/")
            .body(smithy_runtime::ByteStream::new())
            .unwrap();
        assert!(transport.send(request).await.is_err());
    }
}
