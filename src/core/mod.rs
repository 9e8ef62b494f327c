//! Every rule of Frontline, with no user interface in it: the scenario model, loading and
//! validation, the session state machine, scoring and the lexicons.

pub mod calibration;
pub mod diagnostic;
pub mod explore;
pub mod feedback;
pub mod graph;
pub mod lexicon;
pub mod load;
pub mod quantity;
pub mod scenario;
pub mod scoring;
pub mod session;
pub mod spans;
pub mod text;
pub mod validate;

pub use diagnostic::{Diagnostic, Severity};
pub use load::{Library, Loaded, load_file, load_library, load_str};
pub use scenario::Scenario;
pub use session::{Awaiting, Debrief, Input, Session, SessionError, SessionEvent};
