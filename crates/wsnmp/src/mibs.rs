//! The MIB the tool prints names with: the built-in modules plus what `-m`/`MIBS` load
//! from `-M`/`MIBDIRS`; and the `-I` input options. Set once per run.

use std::path::PathBuf;
use std::sync::{Mutex, OnceLock, PoisonError};

use winsnmp_mib::{InputOptions, Loader, Mib, ModuleId, ModuleList, search_dirs};

static MIB: OnceLock<Mib> = OnceLock::new();
/// The MIB directories searched (`-M`, `MIBDIRS`, the defaults).
static DIRS: OnceLock<Vec<PathBuf>> = OnceLock::new();
static INPUT: OnceLock<InputOptions> = OnceLock::new();
static NO_HINTS: OnceLock<bool> = OnceLock::new();

/// MIB and input options shared by every command, spelled as net-snmp's.
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct MibOpts {
    /// MIB modules to load from files in addition to the built-in ones (`ALL`, `+MOD`,
    /// `MOD:MOD`); default `$MIBS`. An empty list (`-m ""`, `MIBS=`) loads none, the
    /// built-in ones included: numeric names, as net-snmp without MIB files.
    #[arg(short = 'm', value_name = "MODULES")]
    pub(crate) modules: Option<String>,
    /// Directories to search for MIB files (`+DIR` prepends); default `$MIBDIRS`, else
    /// `~/.snmp/mibs:/usr/share/snmp/mibs`.
    #[arg(short = 'M', value_name = "DIRS")]
    pub(crate) dirs: Option<String>,
    /// Input options: R (random access, the default), b (best match), u (names relative
    /// to mib-2 first), h (values printed without DISPLAY-HINTs), r (no range checks: none
    /// are made), s SUFFIX, S PREFIX.
    #[arg(short = 'I', value_name = "FLAGS", allow_hyphen_values = true)]
    pub(crate) input: Vec<String>,
}

impl MibOpts {
    /// Loads the MIB and sets the input options (once per process; later calls keep the
    /// first). Load problems are printed as one-line warnings and never stop the command.
    pub(crate) fn init(&self) -> Result<(), String> {
        let (input, no_hints) = parse_input(&self.input)?;
        let _ = INPUT.set(input);
        let _ = NO_HINTS.set(no_hints);
        if MIB.get().is_some() {
            return Ok(());
        }
        let env = |k: &str| std::env::var(k).ok();
        let _ = DIRS.set(search_dirs(self.dirs.as_deref(), env("MIBDIRS").as_deref()));
        // As net-snmp: an empty module list (`-m ""`, `MIBS=`) loads no module at all, so
        // names print as numbers (net-snmp's output on a machine without MIB files).
        let chosen = self.modules.clone().or_else(|| env("MIBS"));
        if chosen.as_deref().is_some_and(|m| m.trim().is_empty()) {
            let _ = MIB.set(Mib::empty());
            return Ok(());
        }
        let mut mib = Mib::builtin();
        let list = ModuleList::parse(self.modules.as_deref(), env("MIBS").as_deref());
        if list.all || !list.modules.is_empty() {
            let mut loader = Loader::new(DIRS.get().cloned().unwrap_or_default());
            let mut errors = Vec::new();
            if list.all {
                errors.extend(loader.load_all(&mut mib));
            }
            for m in &list.modules {
                if let Err(e) = loader.load(&mut mib, m) {
                    errors.push(e);
                }
            }
            errors.extend(loader.take_warnings());
            for e in errors {
                eprintln!("wsnmp: MIB: {e}");
            }
        }
        let _ = MIB.set(mib);
        Ok(())
    }
}

/// The MIB file of module `id`: the one it was read from, else (a built-in module) the
/// file of the MIB directories that defines a module of that name, if one does (the
/// directories are scanned once per run).
pub(crate) fn module_file(mib: &Mib, id: ModuleId) -> Option<PathBuf> {
    static SCANNER: Mutex<Option<Loader>> = Mutex::new(None);
    if let Some(f) = mib.module_file(id) {
        return Some(f.to_owned());
    }
    let mut scanner = SCANNER.lock().unwrap_or_else(PoisonError::into_inner);
    scanner
        .get_or_insert_with(|| Loader::new(DIRS.get().cloned().unwrap_or_default()))
        .module_file(mib.module_name(id))
}

/// net-snmp options the tool accepts on its command line only to refuse them by name
/// (instead of a usage error with a clap tip).
#[derive(clap::Args, Debug, Clone, Default)]
pub(crate) struct Unsupported {
    /// (not supported) net-snmp's debug tokens.
    #[arg(short = 'D', hide = true, value_name = "TOKENS", num_args = 0..=1)]
    debug: Option<Option<String>>,
    /// (not supported) net-snmp's logging options.
    #[arg(short = 'L', hide = true, value_name = "OPTS")]
    log: Option<String>,
    /// (not supported) net-snmp's MIB parsing options.
    #[arg(short = 'P', hide = true, value_name = "OPTS")]
    parse: Option<String>,
    /// (not supported) net-snmp's configuration directives.
    #[arg(short = 'Y', hide = true, value_name = "DIRECTIVE")]
    config: Option<String>,
    /// (not supported) net-snmp's SNMPv3 keys given instead of pass phrases (`-3m`,
    /// `-3M`, `-3k`, `-3K`).
    #[arg(short = '3', hide = true, value_name = "mMkK")]
    keys: Option<String>,
    /// (not supported) net-snmp's transport parameters (`-T LIKE=THIS`).
    #[arg(short = 'T', hide = true, value_name = "PARAM")]
    transport: Option<String>,
}

impl Unsupported {
    /// A one-line refusal naming the first such option given.
    pub(crate) fn check(&self) -> Result<(), String> {
        let which = if self.debug.is_some() {
            "-D (debug output)".to_owned()
        } else if self.log.is_some() {
            "-L (logging)".to_owned()
        } else if self.parse.is_some() {
            "-P (MIB parsing options)".to_owned()
        } else if self.config.is_some() {
            "-Y (configuration directives)".to_owned()
        } else if let Some(k) = &self.keys {
            format!("-3{k} (SNMPv3 keys instead of pass phrases; use -A and -X)")
        } else if self.transport.is_some() {
            "-T (transport parameters)".to_owned()
        } else {
            return Ok(());
        };
        Err(format!("net-snmp option {which} is not supported by wsnmp"))
    }
}

/// `-I` letters: `R`, `b`, `u`, `r` (accepted: no range checks are made), `h` (output
/// without DISPLAY-HINTs: the second value), `s SUFFIX`, `S PREFIX`; the others are
/// refused by name.
fn parse_input(args: &[String]) -> Result<(InputOptions, bool), String> {
    let mut o = InputOptions::default();
    let mut no_hints = false;
    for a in args {
        for (i, c) in a.char_indices() {
            match c {
                'R' | 'r' => {}
                'h' => no_hints ^= true,
                'b' => o.best_match = true,
                'u' => o.ucd = true,
                's' | 'S' => {
                    let rest = a[i + 1..].to_owned();
                    if rest.is_empty() {
                        return Err(format!("-I{c} needs an argument (-I{c}TEXT)"));
                    }
                    if c == 's' {
                        o.suffix = Some(rest);
                    } else {
                        o.prefix = Some(rest);
                    }
                    break;
                }
                other => return Err(format!("input option -I{other} is not supported")),
            }
        }
    }
    Ok((o, no_hints))
}

/// The MIB (the built-in modules if [`MibOpts::init`] was not called).
pub(crate) fn mib() -> &'static Mib {
    MIB.get_or_init(Mib::builtin)
}

/// `-Ih`: values printed without their DISPLAY-HINT.
pub(crate) fn no_display_hint() -> bool {
    NO_HINTS.get().copied().unwrap_or(false)
}

/// The `-I` input options.
pub(crate) fn input() -> &'static InputOptions {
    INPUT.get_or_init(InputOptions::default)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_letters() {
        let (o, h) = parse_input(&["Rb".into(), "s.0".into()]).unwrap();
        assert!(o.best_match && !h);
        assert_eq!(o.suffix.as_deref(), Some(".0"));
        assert!(parse_input(&["h".into()]).unwrap().1);
        assert!(parse_input(&["x".into()]).unwrap_err().contains("-Ix"));
    }
}
