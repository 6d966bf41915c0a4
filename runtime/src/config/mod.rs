//! Configuration as the AWS SDKs resolve it, without I/O: the credentials
//! a profile stands for, configured endpoint URLs, the container and IMDS
//! endpoints, and recursion detection. Each takes the environment as a function (a variable's value
//! by name) and the profiles already read (see [`crate::profile`]).

pub mod chain;
pub mod container;
pub mod endpoint_url;
pub mod imds;
pub mod recursion;
