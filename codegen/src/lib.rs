//! Generates Rust crates from Smithy 2.0 JSON AST models of AWS services.
//!
//! The pipeline is `model` (load and check) -> `transform` (operation closure,
//! recursion) -> `ir` (lowered types with final names) -> `emit` (tokens) ->
//! `render` (formatted text). [`generate`] runs it and returns file texts by
//! path; it never touches the file system. [`api`] compares what two models
//! make of the crate's API.

pub mod api;
pub mod docs;
pub mod emit;
pub mod error;
pub mod ir;
pub mod manifest;
pub mod model;
pub mod naming;
pub mod pattern;
pub mod pattern_dialect;
pub mod render;
pub mod transform;

use std::collections::BTreeMap;

pub use emit::{CrateConfig, RuntimeSource};
pub use error::{Error, ErrorKind, Location};
pub use ir::PatternPolicy;
pub use model::ModelSource;

/// One service to put in the crate, as one module.
#[derive(Debug, Clone)]
pub struct ServiceRequest {
    /// The module name; when `None`, derived from the service's name.
    pub module: Option<String>,
    /// The model files, merged.
    pub sources: Vec<ModelSource>,
    /// The service shape id; optional when the model has one service.
    pub service: Option<String>,
    /// Operation names or ids; empty means every operation of the service.
    pub operations: Vec<String>,
    /// The protocol's trait id, such as `aws.protocols#awsJson1_0`, over
    /// the one the service's clients prefer.
    pub protocol: Option<String>,
}

/// What to generate.
#[derive(Debug, Clone)]
pub struct GenerateRequest {
    pub config: CrateConfig,
    pub services: Vec<ServiceRequest>,
    /// What to do with a `@pattern` that has no ECMA 262 form.
    pub pattern_policy: PatternPolicy,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    pub services: usize,
    pub operations: usize,
    pub shapes: usize,
}

/// The generated crate: file texts by path relative to the crate root.
#[derive(Debug, Clone)]
pub struct Generated {
    pub files: BTreeMap<String, String>,
    pub stats: Stats,
    /// Problems the request allowed generation to go past.
    pub warnings: Vec<String>,
    /// The API of each service module, as `files` holds it in
    /// [`api::fingerprint::FILE`].
    pub api: Vec<api::ServiceSurface>,
    /// The protocol each service module speaks, and every protocol its
    /// service offers.
    pub protocols: Vec<ProtocolChoice>,
}

/// Which protocol a service module was generated for, of those it offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProtocolChoice {
    pub module: String,
    pub chosen: &'static str,
    /// Whether the request named it (`--protocol`), rather than the
    /// preference order choosing it.
    pub requested: bool,
    /// In the order clients prefer them.
    pub offered: Vec<&'static str>,
}

/// Loads every service's models and generates the crate in memory.
pub fn generate(request: &GenerateRequest) -> Result<Generated, Error> {
    // Services are independent until they meet in `lib.rs`, so each is
    // loaded and lowered on a thread of its own; results (and the first
    // error) are taken in request order.
    let lowered: Vec<Result<Lowered, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = request
            .services
            .iter()
            .map(|service| scope.spawn(|| lower(service, request.pattern_policy)))
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(internal("model", "a loading thread panicked".into())))
            })
            .collect()
    });
    let mut services = Vec::with_capacity(lowered.len());
    let mut surfaces = Vec::with_capacity(lowered.len());
    let mut stats = Stats::default();
    for result in lowered {
        let lowered = result?;
        stats.services += lowered.stats.services;
        stats.operations += lowered.stats.operations;
        stats.shapes += lowered.stats.shapes;
        services.push(lowered.service);
        surfaces.push(lowered.surface);
    }
    let mut files = render_crate(&request.config, &services)?;
    // Services inside the runtime are the runtime's API, not a crate's.
    if !request.config.runtime.is_itself() {
        files.insert(
            api::fingerprint::FILE.to_owned(),
            api::fingerprint::render(&surfaces),
        );
    }
    Ok(Generated {
        files,
        stats,
        api: surfaces,
        warnings: services
            .iter()
            .flat_map(|s| s.warnings.iter().cloned())
            .collect(),
        protocols: services
            .iter()
            .zip(&request.services)
            .map(|(s, asked)| ProtocolChoice {
                module: s.module.clone(),
                chosen: s.protocol.id(),
                requested: asked.protocol.is_some(),
                offered: s.offered_protocols.clone(),
            })
            .collect(),
    })
}

/// A service lowered, with its API surface.
struct Lowered {
    service: ir::ServiceIr,
    surface: api::ServiceSurface,
    stats: Stats,
}

/// Loads one service's models and lowers the service.
fn lower(service: &ServiceRequest, policy: PatternPolicy) -> Result<Lowered, Error> {
    let model = model::load(&service.sources)?;
    let selection = transform::select(&model, service.service.as_deref(), &service.operations)?;
    lower_selection(service, &model, &selection, policy)
}

fn lower_selection(
    request: &ServiceRequest,
    model: &model::Model,
    selection: &transform::Selection,
    policy: PatternPolicy,
) -> Result<Lowered, Error> {
    let module = match &request.module {
        Some(module) => module.clone(),
        None => default_module_name(model, &selection.service),
    };
    let stats = Stats {
        services: 1,
        operations: selection.operations.len(),
        shapes: selection.shapes.len(),
    };
    let options = ir::LowerOptions {
        protocol: request.protocol.as_deref(),
        pattern_policy: policy,
    };
    let service = ir::lower_service(model, selection, &module, options)?;
    let surface = api::surface::service_surface(&service);
    Ok(Lowered {
        service,
        surface,
        stats,
    })
}

/// The API surface of one service, for comparing two versions of a model.
/// Requested operations the model lacks are left out and returned by name,
/// since a newer model may add some and drop others.
pub fn api_surface(service: &ServiceRequest) -> Result<(api::ServiceSurface, Vec<String>), Error> {
    let model = model::load(&service.sources)?;
    let (selection, missing) =
        transform::select_present(&model, service.service.as_deref(), &service.operations)?;
    // A pattern without a `regex` form is still part of the API.
    let lowered = lower_selection(service, &model, &selection, PatternPolicy::Warn)?;
    Ok((lowered.surface, missing))
}

/// The service's SDK id (`Chime SDK Voice` -> `chime_sdk_voice`), else its
/// shape name.
fn default_module_name(model: &model::Model, service: &model::ShapeId) -> String {
    let sdk_id = model.shapes[service].known.sdk_id.as_deref();
    naming::items::module(sdk_id.unwrap_or(service.name()))
}

/// The runtime crate's files as the generator writes them, by path from
/// the runtime's folder: bundled in `runtime/` beside a standalone crate,
/// or in a folder that several generated crates share, so that one program
/// can use them all with one runtime.
pub fn runtime_crate() -> BTreeMap<String, String> {
    emit::runtime_files()
        .iter()
        .map(|(path, text)| {
            let preamble = if path.ends_with(".toml") {
                render::toml_preamble()
            } else {
                render::rust_preamble()
            };
            ((*path).to_owned(), format!("{preamble}{text}"))
        })
        .collect()
}

/// Emits and formats every file. Both take most of the run time, so the
/// files are spread over the available cores.
fn render_crate(
    config: &CrateConfig,
    services: &[ir::ServiceIr],
) -> Result<BTreeMap<String, String>, Error> {
    let mut files = BTreeMap::new();
    if !config.runtime.is_itself() {
        files.insert(
            "Cargo.toml".to_owned(),
            format!(
                "{}{}",
                render::toml_preamble(),
                emit::cargo_toml(config, services)
            ),
        );
    }
    if config.runtime == emit::RuntimeSource::Bundled {
        for (path, text) in runtime_crate() {
            files.insert(format!("runtime/{path}"), text);
        }
    }
    let jobs = render_jobs(services, &config.runtime);
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(jobs.len());
    // Each worker takes the next job when it is free, so one huge module does
    // not leave the other cores idle. Token streams are not `Send`, so every
    // job emits its own tokens from the shared IR.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<Vec<(String, String)>, Error>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else {
                            return Ok(done);
                        };
                        let formatted =
                            render::rust_file(job.emit(services, &config.runtime), job.functions)
                                .map_err(|message| internal(&job.path, message))?;
                        done.push((job.path.clone(), formatted));
                    }
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or_else(|_| Err(internal("src", "a formatting thread panicked".into())))
            })
            .collect()
    });
    for result in results {
        files.extend(result?);
    }
    Ok(files)
}

/// One Rust file to emit and format.
struct RenderJob {
    path: String,
    /// The service it belongs to, or `None` for the root file (`src/lib.rs`,
    /// or `mod.rs` of services inside the runtime).
    service: Option<(usize, emit::FileEmitter)>,
    functions: render::Functions,
}

impl RenderJob {
    fn emit(
        &self,
        services: &[ir::ServiceIr],
        runtime: &emit::RuntimeSource,
    ) -> proc_macro2::TokenStream {
        match (self.service, runtime) {
            (Some((index, emit_file)), _) => emit_file(&services[index]),
            (None, emit::RuntimeSource::Itself(features)) => {
                emit::services_mod_rs(services, features)
            }
            (None, _) => emit::lib_rs(services),
        }
    }
}

/// Every Rust file, the likely largest first: services by their number of
/// types, and within a service the files in the order `SERVICE_FILES` gives.
/// The order only decides which work starts first, never the output.
fn render_jobs(services: &[ir::ServiceIr], runtime: &emit::RuntimeSource) -> Vec<RenderJob> {
    // Services inside the runtime make a module folder, not a crate.
    let (source_dir, root_file) = match runtime.is_itself() {
        true => ("", "mod.rs"),
        false => ("src/", "src/lib.rs"),
    };
    let mut by_size: Vec<usize> = (0..services.len()).collect();
    by_size.sort_by_key(|&index| std::cmp::Reverse(services[index].types.len()));
    let mut jobs: Vec<RenderJob> = by_size
        .into_iter()
        .flat_map(|index| {
            let service = &services[index];
            let module = naming::unraw(&service.module).to_owned();
            let module_files = emit::SERVICE_FILES
                .iter()
                .map(|&file| (file, render::Functions::Inline));
            let endpoint = service
                .endpoint
                .is_some()
                .then_some((emit::ENDPOINT_FILE, render::Functions::Inline));
            let format = emit::format_files(service.document.format)
                .iter()
                .map(|&file| (file, render::Functions::Inline));
            // Tests are compiled where they are defined, to be run.
            let tests = service
                .has_protocol_tests()
                .then_some((emit::PROTOCOL_TESTS_FILE, render::Functions::AsEmitted));
            let endpoint_tests = service
                .has_endpoint_tests()
                .then_some((emit::ENDPOINT_TESTS_FILE, render::Functions::AsEmitted));
            module_files
                .chain(format)
                .chain(endpoint)
                .chain(tests)
                .chain(endpoint_tests)
                .map(move |((name, emit_file), functions)| RenderJob {
                    path: format!("{source_dir}{module}/{name}"),
                    service: Some((index, emit_file)),
                    functions,
                })
        })
        .collect();
    jobs.push(RenderJob {
        path: root_file.to_owned(),
        service: None,
        functions: render::Functions::AsEmitted,
    });
    jobs
}

fn internal(path: &str, message: String) -> Error {
    Error::new(Location::file(path), ErrorKind::Internal(message))
}
