//! Builds the C programs in `tests/c/` against `include/winsnmp.h` and `libwsnmp32`, and runs
//! them (under valgrind when it is installed).
//!
//! - `cc` compiles each program with `-std=c11 -Wall -Wextra -Werror`.
//! - The library is the `libwsnmp32.so` cargo built with this test binary (in
//!   `target/<profile>/deps`: cargo builds every crate type of the library before running
//!   its tests); if it is missing, the test runs `cargo build -p winsnmp-capi --lib` itself.
//! - valgrind: `--error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,possible`:
//!   a block only an interior pointer reaches after `SnmpCleanup` fails the test too (the
//!   final cleanup frees the library's global tables).
//!   Without valgrind (or `cc`) the tests say so and run without it (or skip); under
//!   `CI=true` a missing tool is a failure.
//! - `WINSNMP_CONFIG` points to an empty entity database, so translated mode knows no names
//!   whatever the machine has in `/etc/winsnmp`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use winsnmp_testkit::netsnmp::{Snmpd, free_udp_port};
use wsnmp32::consts::*;
use wsnmp32::types::*;

fn ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn have(tool: &str) -> bool {
    Command::new(tool)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn cc() -> Option<String> {
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_owned());
    if have(&cc) {
        return Some(cc);
    }
    assert!(!ci(), "CI=true but no C compiler ({cc}) is installed");
    eprintln!("note: no C compiler ({cc}); C programs skipped");
    None
}

fn valgrind() -> bool {
    static V: OnceLock<bool> = OnceLock::new();
    *V.get_or_init(|| {
        let ok = have("valgrind");
        assert!(ok || !ci(), "CI=true but valgrind is not installed");
        if !ok {
            eprintln!("note: valgrind not installed; C programs run without it");
        }
        ok
    })
}

/// The directory holding the `libwsnmp32.so` to test: `target/<profile>/deps`, where cargo
/// put the library this test binary was built with (`cargo test` builds every crate type of
/// the library there but does not copy the cdylib up to `target/<profile>`). If it is
/// missing, `cargo build -p winsnmp-capi --lib` builds it into `target/<profile>`.
fn lib_dir() -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let name = format!(
            "{}wsnmp32{}",
            std::env::consts::DLL_PREFIX,
            std::env::consts::DLL_SUFFIX
        );
        let exe = std::env::current_exe().expect("test binary path");
        // target/<profile>/deps/c_programs-HASH
        let deps = exe.parent().expect("deps directory").to_path_buf();
        if deps.join(&name).exists() {
            return deps;
        }
        let profile = deps.parent().expect("profile directory").to_path_buf();
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let status = Command::new(cargo)
            .args(["build", "-p", "winsnmp-capi", "--lib"])
            .env("CARGO_TARGET_DIR", profile.parent().expect("target dir"))
            .status()
            .expect("run cargo build");
        assert!(status.success(), "cargo build -p winsnmp-capi failed");
        assert!(profile.join(&name).exists(), "{name} not found");
        profile
    })
}

fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Compiles `tests/c/<name>.c`; `None` when there is no C compiler.
fn compile(name: &str) -> Option<PathBuf> {
    compile_source(&crate_dir().join("tests/c").join(format!("{name}.c")), name)
}

/// Compiles `tests/c/<name>.c` as `c-tests/<exe>` (tests that run one program in parallel
/// each build their own copy).
fn compile_as(name: &str, exe: &str) -> Option<PathBuf> {
    compile_source(&crate_dir().join("tests/c").join(format!("{name}.c")), exe)
}

/// Compiles `src` into `c-tests/<name>`; `None` when there is no C compiler.
fn compile_source(src: &Path, name: &str) -> Option<PathBuf> {
    let cc = cc()?;
    let lib = lib_dir();
    let out_dir = lib.join("c-tests");
    std::fs::create_dir_all(&out_dir).expect("create c-tests dir");
    let exe = out_dir.join(name);
    let output = Command::new(cc)
        .args(["-std=c11", "-g", "-O0", "-Wall", "-Wextra", "-Werror", "-I"])
        .arg(crate_dir().join("include"))
        .arg(src)
        .arg("-o")
        .arg(&exe)
        .arg("-L")
        .arg(lib)
        // Weak references (abi_check.c) alone would let --as-needed drop the library.
        .args(["-Wl,--no-as-needed", "-lwsnmp32", "-lpthread"])
        .arg(format!("-Wl,-rpath,{}", lib.display()))
        .output()
        .expect("run the C compiler");
    assert!(
        output.status.success(),
        "compiling {} failed:\n{}",
        src.display(),
        String::from_utf8_lossy(&output.stderr)
    );
    Some(exe)
}

/// Runs a compiled program (under valgrind when available) and returns its standard output;
/// panics with its output when it fails.
fn run(exe: &Path) -> String {
    run_with(exe, &[], &[])
}

/// The command that runs `exe` (under valgrind when available) with the test environment.
fn command(exe: &Path, args: &[String], envs: &[(&str, String)]) -> Command {
    let mut cmd = if valgrind() {
        let mut c = Command::new("valgrind");
        c.args([
            "--error-exitcode=1",
            "--leak-check=full",
            "--errors-for-leak-kinds=definite,possible",
            "--show-leak-kinds=definite,possible",
            "--quiet",
        ])
        // Only the global tracing subscriber's pool (see the file).
        .arg(format!(
            "--suppressions={}",
            crate_dir().join("tests/c/valgrind.supp").display()
        ))
        .arg(exe);
        c
    } else {
        Command::new(exe)
    };
    let config = lib_dir().join("c-tests/empty-entities.toml");
    std::fs::write(&config, "# no entities, no contexts\n").expect("write empty database");
    // cargo's LD_LIBRARY_PATH for tests lists target/<profile> first, which may hold an
    // older libwsnmp32.so; the one this test was built with must win over it.
    cmd.args(args)
        .env("LD_LIBRARY_PATH", lib_dir())
        .env("WINSNMP_CONFIG", &config);
    for (k, v) in envs {
        cmd.env(k, v);
    }
    cmd
}

/// As [`run`], with arguments and extra environment.
fn run_with(exe: &Path, args: &[String], envs: &[(&str, String)]) -> String {
    let output = command(exe, args, envs)
        .output()
        .expect("run the C program");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        exe.display(),
        output.status
    );
    // The PASS line (or the last line) and anything the program or valgrind said.
    eprintln!("{}{stderr}", stdout.lines().last().unwrap_or_default());
    stdout
}

fn run_program(name: &str) {
    if let Some(exe) = compile(name) {
        let out = run(&exe);
        assert!(out.contains("PASS"), "{name} did not report PASS:\n{out}");
    }
}

#[test]
fn sessions() {
    run_program("sessions");
}

#[test]
fn errors() {
    run_program("errors");
}

#[test]
fn roundtrip() {
    run_program("roundtrip");
}

/// Runs `exe` (under valgrind when available) with `envs`; returns (stdout, stderr),
/// panicking with both when it fails.
fn run_capture(exe: &Path, args: &[String], envs: &[(&str, String)]) -> (String, String) {
    let output = command(exe, args, envs)
        .env_remove("WINSNMP_LOG")
        .env_remove("RUST_LOG")
        .envs(envs.iter().map(|(k, v)| (*k, v.as_str())))
        .output()
        .expect("run the C program");
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert!(
        output.status.success(),
        "{} failed ({}):\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
        exe.display(),
        output.status
    );
    (stdout, stderr)
}

/// The session handle the accounting program printed as `session NAME VALUE`.
fn session_named(stdout: &str, name: &str) -> u32 {
    let prefix = format!("session {name} ");
    stdout
        .lines()
        .find_map(|l| l.strip_prefix(&prefix))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or_else(|| panic!("no `{prefix}` line in:\n{stdout}"))
}

/// Issue 18: the counts of two sessions sharing every kind of handle, checked at every step
/// by the C program; with `WINSNMP_LOG=leaks`, exactly these lines on stderr: the close of
/// a session that kept handles, the session the cleanup found open, the descriptors never
/// freed.
#[test]
fn accounting_and_leak_lines_at_close_and_cleanup() {
    let Some(exe) = compile_as("accounting", "accounting-leak") else {
        return;
    };
    let dead = free_udp_port(false).to_string();
    let trap = free_udp_port(false).to_string();
    let args = ["leak".to_owned(), dead];
    let envs = [
        ("WINSNMP_LOG", "leaks".to_owned()),
        ("WINSNMP_TRAP_PORT", trap),
    ];
    let (stdout, stderr) = run_capture(&exe, &args, &envs);
    assert!(
        stdout.contains("accounting:") && stdout.contains("PASS"),
        "{stdout}"
    );
    let (a, b) = (session_named(&stdout, "A"), session_named(&stdout, "B"));
    assert_eq!(
        stderr,
        format!(
            "winsnmp: session {a:#010x} closed with 2 entities, 1 context, 1 VBL still open\n\
             winsnmp: session {b:#010x} never closed (SnmpCleanup closed it with 1 context, \
             2 PDUs, 1 VBL still open)\n\
             winsnmp: SnmpCleanup freed 2 descriptors never given back with \
             SnmpFreeDescriptor (1 smiOID, 1 smiOCTETS)\n"
        )
    );
}

/// The same leaks with `WINSNMP_LOG` unset, or set to something without `leaks`: silence.
/// With `leaks` and nothing leaked: silence too.
#[test]
fn leak_report_is_silent_when_unset_or_nothing_leaked() {
    let Some(exe) = compile_as("accounting", "accounting-silent") else {
        return;
    };
    for (mode, log) in [
        ("leak", None),
        ("leak", Some("off")),
        ("clean", Some("leaks")),
    ] {
        let dead = free_udp_port(false).to_string();
        let mut envs = vec![("WINSNMP_TRAP_PORT", free_udp_port(false).to_string())];
        if let Some(l) = log {
            envs.push(("WINSNMP_LOG", l.to_owned()));
        }
        let (stdout, stderr) = run_capture(&exe, &[mode.to_owned(), dead], &envs);
        assert!(stdout.contains("PASS"), "{mode} {log:?}: {stdout}");
        assert_eq!(stderr, "", "{mode} with WINSNMP_LOG={log:?}");
    }
}

/// `WINSNMP_LOG=leaks,debug`: a subscriber writes the API calls' spans and the engine's
/// events to stderr, with the leak lines; the community never appears.
#[test]
fn winsnmp_log_debug_traces_to_stderr() {
    let Some(exe) = compile_as("accounting", "accounting-trace") else {
        return;
    };
    let dead = free_udp_port(false).to_string();
    let envs = [
        ("WINSNMP_LOG", "leaks,debug".to_owned()),
        ("WINSNMP_TRAP_PORT", free_udp_port(false).to_string()),
    ];
    let (stdout, stderr) = run_capture(&exe, &["leak".to_owned(), dead.clone()], &envs);
    let a = session_named(&stdout, "A");
    for want in [
        "SnmpCreateSession",
        "session created",
        "SnmpSendMsg",
        "message sent",
        &format!("to=127.0.0.1:{dead}"),
        "request cancelled",
        "SnmpRegister",
        "trap registration added",
        "SnmpClose",
        &format!("winsnmp: session {a:#010x} closed with 2 entities"),
        "runtime stopped",
    ] {
        assert!(
            stderr.contains(want),
            "{want:?} missing from stderr:\n{stderr}"
        );
    }
    // TRACE events are below the filter; the community is in no event at any level.
    assert!(!stderr.contains("datagram out"), "{stderr}");
    assert!(!stderr.contains("public"), "{stderr}");
    // RUST_LOG alone turns tracing on too (WINSNMP_LOG with no directive).
    let envs = [
        ("RUST_LOG", "trace".to_owned()),
        ("WINSNMP_TRAP_PORT", free_udp_port(false).to_string()),
    ];
    let (_, stderr) = run_capture(&exe, &["clean".to_owned(), dead], &envs);
    assert!(stderr.contains("datagram out"), "{stderr}");
    assert!(!stderr.contains("winsnmp: session"), "{stderr}");
    assert!(!stderr.contains("public"), "{stderr}");
}

/// Descriptors whose `len` is far beyond their buffer, or beyond the largest message or
/// `MAXOBJIDSIZE`, are refused with each function's own error before anything is read.
#[test]
fn input_lengths_are_bounded() {
    run_program("bounds");
}

/// `if (h == SNMPAPI_FAILURE)` for every handle type compiles with `-Wall -Wextra
/// -Werror` (no `-Wpointer-compare` warning) and works.
#[test]
fn handles_compare_with_snmpapi_failure() {
    run_program("failure");
}

/// Every handle kind kept in an `int` and widened back with sign extension (as
/// `LongToHandle(HandleToLong(h))` does on LP64) still works.
#[test]
fn handles_survive_an_int() {
    run_program("handles");
}

/// Issue 5, test 2: GET and a walk against net-snmp's snmpd, a timeout and a cancel.
#[test]
fn netget_against_snmpd() {
    let Some(snmpd) = Snmpd::start() else {
        return;
    };
    let Some(exe) = compile("netget") else {
        return;
    };
    let dead = free_udp_port(false);
    let out = run_with(&exe, &[snmpd.port().to_string(), dead.to_string()], &[]);
    assert!(out.contains("netget:") && out.contains("PASS"), "{out}");
    assert!(
        out.contains("1.3.6.1.2.1.1.5.0"),
        "sysName.0 missing from the walk:\n{out}"
    );
}

/// A C program running in the background: started, waited for until it prints `READY`,
/// then driven by net-snmp tools, then waited for.
struct Background {
    child: std::process::Child,
    stdout: std::io::BufReader<std::process::ChildStdout>,
    seen: String,
}

impl Background {
    fn start(exe: &Path, args: &[String], envs: &[(&str, String)]) -> Self {
        Self::start_until(exe, args, envs, "READY")
    }

    /// Starts `exe` and waits for the line `ready`.
    fn start_until(exe: &Path, args: &[String], envs: &[(&str, String)], ready: &str) -> Self {
        use std::io::BufRead;
        let mut child = command(exe, args, envs)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("start the C program");
        let mut stdout = std::io::BufReader::new(child.stdout.take().expect("piped stdout"));
        let mut seen = String::new();
        loop {
            let mut line = String::new();
            let n = stdout
                .read_line(&mut line)
                .expect("read the program's output");
            seen.push_str(&line);
            assert!(n > 0, "{} ended before {ready}:\n{seen}", exe.display());
            if line.trim() == ready {
                break;
            }
        }
        Self {
            child,
            stdout,
            seen,
        }
    }

    /// Waits until the program prints the line `line` (after `READY`).
    fn wait_line(&mut self, line: &str) {
        use std::io::BufRead;
        loop {
            let mut l = String::new();
            let n = self
                .stdout
                .read_line(&mut l)
                .expect("read the program's output");
            self.seen.push_str(&l);
            assert!(n > 0, "the program ended before {line}:\n{}", self.seen);
            if l.trim() == line {
                return;
            }
        }
    }

    /// Waits for the program to end; panics unless it succeeded. Returns all it printed.
    fn finish(mut self) -> String {
        use std::io::Read;
        self.stdout
            .read_to_string(&mut self.seen)
            .expect("read the program's output");
        let status = self.child.wait().expect("wait for the C program");
        assert!(status.success(), "{status}:\n{}", self.seen);
        eprintln!("{}", self.seen);
        std::mem::take(&mut self.seen)
    }
}

impl Drop for Background {
    fn drop(&mut self) {
        if std::thread::panicking() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// Runs a net-snmp command-line tool; returns its standard output.
fn netsnmp_tool(tool: &str, args: &[&str]) -> String {
    let out = Command::new(tool)
        .args(args)
        .env("MIBS", "")
        .output()
        .unwrap_or_else(|e| panic!("run {tool}: {e}"));
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{tool} {args:?} failed:\n{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

fn have_tools(tools: &[&str]) -> bool {
    for t in tools {
        if winsnmp_testkit::netsnmp::find_program(t).is_none() {
            assert!(!ci(), "CI=true but {t} is not installed");
            eprintln!("note: {t} not installed; skipped");
            return false;
        }
    }
    true
}

/// Issue 5, test 4: an agent via `SnmpListen`, answered from C, queried by `snmpget`.
#[test]
fn agent_queried_by_snmpget() {
    if !have_tools(&["snmpget"]) {
        return;
    }
    let Some(exe) = compile("agent") else {
        return;
    };
    let port = free_udp_port(false);
    let agent = Background::start(&exe, &[port.to_string(), "3".to_owned()], &[]);
    let target = format!("127.0.0.1:{port}");
    let out = netsnmp_tool(
        "snmpget",
        &[
            "-v2c",
            "-c",
            "public",
            "-On",
            "-t",
            "20",
            "-r",
            "0",
            &target,
            "1.3.6.1.2.1.1.1.0",
            "1.3.6.1.2.1.1.3.0",
        ],
    );
    assert!(
        out.contains(".1.3.6.1.2.1.1.1.0 = STRING: \"winsnmp C agent\""),
        "{out}"
    );
    assert!(
        out.contains(".1.3.6.1.2.1.1.3.0 = Timeticks: (4242)"),
        "{out}"
    );
    let out = netsnmp_tool(
        "snmpget",
        &[
            "-v1",
            "-c",
            "public",
            "-On",
            "-t",
            "20",
            "-r",
            "0",
            &target,
            "1.3.6.1.2.1.1.1.0",
        ],
    );
    assert!(out.contains("winsnmp C agent"), "{out}");
    let out = netsnmp_tool(
        "snmpget",
        &[
            "-v2c",
            "-c",
            "public",
            "-On",
            "-t",
            "20",
            "-r",
            "0",
            &target,
            "1.3.6.1.2.1.1.9.9",
        ],
    );
    assert!(out.contains("No Such Object"), "{out}");
    let out = agent.finish();
    assert!(out.contains("PASS"), "{out}");
}

/// The two programs in the repository's `examples/c/` build with `-Werror` and work: `snmpget` against
/// net-snmp's snmpd (and against the C agent's port, closed by then: a timeout), `trapd`
/// receiving a trap from `snmptrap`.
#[test]
fn examples_work() {
    let examples = crate_dir().join("../../examples/c");
    let Some(get) = compile_source(&examples.join("snmpget.c"), "example-snmpget") else {
        return;
    };
    let Some(trapd) = compile_source(&examples.join("trapd.c"), "example-trapd") else {
        return;
    };
    if let Some(snmpd) = Snmpd::start() {
        let target = format!("127.0.0.1:{}", snmpd.port());
        let args: Vec<String> = [
            "-v2c",
            "-c",
            "public",
            "-t",
            "300",
            &target,
            "1.3.6.1.2.1.1.5.0",
            "1.3.6.1.2.1.1.3.0",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        let out = run_with(&get, &args, &[]);
        assert!(out.contains(".1.3.6.1.2.1.1.5.0 = STRING: \""), "{out}");
        assert!(out.contains(".1.3.6.1.2.1.1.3.0 = Timeticks: ("), "{out}");
    }
    if have_tools(&["snmptrap"]) {
        let port = free_udp_port(false);
        let receiver = Background::start_until(
            &trapd,
            &["1".to_owned()],
            &[("WINSNMP_TRAP_PORT", port.to_string())],
            "trapd: listening",
        );
        netsnmp_tool(
            "snmptrap",
            &[
                "-v2c",
                "-c",
                "public",
                &format!("127.0.0.1:{port}"),
                "0",
                "1.3.6.1.6.3.1.1.5.3",
            ],
        );
        let out = receiver.finish();
        assert!(out.contains("TRAP from 127.0.0.1"), "{out}");
        assert!(
            out.contains(".1.3.6.1.6.3.1.1.4.1.0 = OID: .1.3.6.1.6.3.1.1.5.3"),
            "{out}"
        );
    }
}

/// `examples/c/snmpget_v3.c` builds with `-Werror` and reads from snmpd as net-snmp's
/// `snmpget -v3` would: authPriv with SHA/AES and SHA-512/AES-256 (the engine ID given with
/// `-e`), and a wrong pass phrase ends with net-snmp's message for
/// `SNMPAPI_RPT_WRONGDIGEST`.
#[test]
fn example_snmpget_v3_works() {
    use winsnmp_testkit::netsnmp::{AUTH_PASS, PRIV_PASS, SNMPD_ENGINE_ID};
    let examples = crate_dir().join("../../examples/c");
    let Some(get) = compile_source(&examples.join("snmpget_v3.c"), "example-snmpget_v3") else {
        return;
    };
    let Some(snmpd) = Snmpd::start() else {
        return;
    };
    let target = format!("127.0.0.1:{}", snmpd.port());
    let engine = format!("0x{SNMPD_ENGINE_ID}");
    let args = |user: &str, auth: &str, auth_pass: &str, privacy: &str, extra: &[&str]| {
        let mut a = strings(&[
            "-v3", "-l", "authPriv", "-u", user, "-a", auth, "-A", auth_pass, "-x", privacy, "-X",
            PRIV_PASS, "-t", "300",
        ]);
        a.extend(strings(extra));
        a.extend(strings(&[
            &target,
            "1.3.6.1.2.1.1.5.0",
            "1.3.6.1.2.1.1.3.0",
        ]));
        a
    };
    for (user, auth, privacy, extra) in [
        ("sha-aes", "SHA", "AES", &[][..]),
        (
            "sha512-aes256",
            "SHA-512",
            "AES-256",
            &["-e", engine.as_str()][..],
        ),
        ("md5-des", "MD5", "DES", &["-n", ""][..]),
    ] {
        let out = run_with(&get, &args(user, auth, AUTH_PASS, privacy, extra), &[]);
        assert!(
            out.contains(".1.3.6.1.2.1.1.5.0 = STRING: \""),
            "{user}: {out}"
        );
        assert!(
            out.contains(".1.3.6.1.2.1.1.3.0 = Timeticks: ("),
            "{user}: {out}"
        );
    }
    let out = command(
        &get,
        &args("sha-aes", "SHA", "wrongpass123", "AES", &[]),
        &[],
    )
    .output()
    .expect("run the example");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("Authentication failure (incorrect password, community or key)"),
        "{stderr}"
    );
    // The expected failure, not valgrind's (which would print its own report).
    assert!(!stderr.contains("=="), "{stderr}");
}

/// Issue 5, test 3: a trap receiver via `SnmpRegister`; `snmptrap` sends a v1 and a v2c trap.
#[test]
fn trap_receiver_gets_snmptrap() {
    if !have_tools(&["snmptrap"]) {
        return;
    }
    let Some(exe) = compile("traps") else {
        return;
    };
    let port = free_udp_port(false);
    let receiver = Background::start(
        &exe,
        &["2".to_owned()],
        &[("WINSNMP_TRAP_PORT", port.to_string())],
    );
    let target = format!("127.0.0.1:{port}");
    // v1 coldStart from enterprise 1.3.6.1.4.1.99999, then a v2c enterprise trap.
    netsnmp_tool(
        "snmptrap",
        &[
            "-v1",
            "-c",
            "public",
            &target,
            "1.3.6.1.4.1.99999",
            "127.0.0.1",
            "0",
            "0",
            "123",
        ],
    );
    netsnmp_tool(
        "snmptrap",
        &[
            "-v2c",
            "-c",
            "public",
            &target,
            "456",
            "1.3.6.1.4.1.99999.0.7",
            "1.3.6.1.2.1.1.5.0",
            "s",
            "c-test",
        ],
    );
    let out = receiver.finish();
    assert!(
        out.contains("trap 1.3.6.1.6.3.1.1.5.1 community public"),
        "{out}"
    );
    assert!(
        out.contains("trap 1.3.6.1.4.1.99999.0.7 community public"),
        "{out}"
    );
}

// ------------------------------------------------------------------ SNMPv3 extension

/// `tests/c/usm.c`, compiled once for the three tests that run it.
fn usm_exe() -> Option<PathBuf> {
    static EXE: OnceLock<Option<PathBuf>> = OnceLock::new();
    EXE.get_or_init(|| compile("usm")).clone()
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| (*s).to_owned()).collect()
}

/// Every documented error path of the SNMPv3 functions, and the RFC 3414 A.3 key vectors.
#[test]
fn usm_error_paths_and_key_vectors() {
    let Some(exe) = usm_exe() else { return };
    let out = run_with(&exe, &strings(&["errors"]), &[]);
    assert!(out.contains("usm errors:") && out.contains("PASS"), "{out}");
}

/// SNMPv3 GETs from C against snmpd as six of its users (every level, MD5 to SHA-512,
/// DES to AES-256), the discovered engine ID, `SNMPAPI_RPT_WRONGDIGEST` and
/// `SNMPAPI_RPT_UNKNOWNUSERNAME` for a wrong pass phrase and an unknown user.
#[test]
fn usm_get_against_snmpd() {
    use winsnmp_testkit::netsnmp::{AUTH_PASS, PRIV_PASS, SNMPD_ENGINE_ID};
    let Some(snmpd) = Snmpd::start() else {
        return;
    };
    let Some(exe) = usm_exe() else { return };
    let port = snmpd.port().to_string();
    let out = run_with(
        &exe,
        &strings(&["get", &port, SNMPD_ENGINE_ID, AUTH_PASS, PRIV_PASS]),
        &[],
    );
    assert!(out.contains("usm get:") && out.contains("PASS"), "{out}");
    assert!(out.contains("sha512-aes256: sysDescr.0 = "), "{out}");
}

/// A v3 trap receiver in C (`WinSnmpAddUsmUser` + `SnmpRegister`) fed by
/// `snmptrap -v3 -e 0x8000000001020304`: a user for any engine and one for that engine;
/// after `WinSnmpDeleteUsmUser` the next trap is dropped and counted.
#[test]
fn usm_trap_receiver_gets_snmptrap_v3() {
    use winsnmp_testkit::netsnmp::{AUTH_PASS, PRIV_PASS};
    if !have_tools(&["snmptrap"]) {
        return;
    }
    let Some(exe) = usm_exe() else { return };
    let port = free_udp_port(false);
    let mut receiver = Background::start(
        &exe,
        &strings(&["traps", AUTH_PASS, PRIV_PASS]),
        &[("WINSNMP_TRAP_PORT", port.to_string())],
    );
    let target = format!("127.0.0.1:{port}");
    let trap = |user: &str, auth: &str, privacy: &str, oid: &str| {
        netsnmp_tool(
            "snmptrap",
            &[
                "-v3",
                "-u",
                user,
                "-l",
                "authPriv",
                "-a",
                auth,
                "-A",
                AUTH_PASS,
                "-x",
                privacy,
                "-X",
                PRIV_PASS,
                "-e",
                "0x8000000001020304",
                &target,
                "0",
                oid,
            ],
        );
    };
    trap("trapper", "SHA-256", "AES", "1.3.6.1.6.3.1.1.5.1");
    trap("trapper2", "MD5", "DES", "1.3.6.1.6.3.1.1.5.2");
    receiver.wait_line("DELETED");
    trap("trapper", "SHA-256", "AES", "1.3.6.1.6.3.1.1.5.3");
    let out = receiver.finish();
    assert!(
        out.contains("trap 1.3.6.1.6.3.1.1.5.1 context \"\""),
        "{out}"
    );
    assert!(
        out.contains("trap 1.3.6.1.6.3.1.1.5.2 context \"\""),
        "{out}"
    );
    assert!(!out.contains("trap 1.3.6.1.6.3.1.1.5.3"), "{out}");
    assert!(out.contains("dropped: usmStatsUnknownUserNames"), "{out}");
    assert!(out.contains("usm traps:") && out.contains("PASS"), "{out}");
}

// ------------------------------------------------------------------ header check

/// The 49 functions `winsnmp.h` declares.
const HEADER_FUNCTIONS: [&str; 49] = [
    "SnmpStartup",
    "SnmpStartupEx",
    "SnmpCleanup",
    "SnmpCleanupEx",
    "SnmpGetTranslateMode",
    "SnmpSetTranslateMode",
    "SnmpGetRetransmitMode",
    "SnmpSetRetransmitMode",
    "SnmpGetTimeout",
    "SnmpSetTimeout",
    "SnmpGetRetry",
    "SnmpSetRetry",
    "SnmpGetVendorInfo",
    "SnmpCreateSession",
    "SnmpOpen",
    "SnmpClose",
    "SnmpSendMsg",
    "SnmpRecvMsg",
    "SnmpRegister",
    "SnmpListen",
    "SnmpListenEx",
    "SnmpCancelMsg",
    "SnmpStrToEntity",
    "SnmpEntityToStr",
    "SnmpFreeEntity",
    "SnmpSetPort",
    "SnmpStrToContext",
    "SnmpContextToStr",
    "SnmpFreeContext",
    "SnmpCreatePdu",
    "SnmpGetPduData",
    "SnmpSetPduData",
    "SnmpDuplicatePdu",
    "SnmpFreePdu",
    "SnmpCreateVbl",
    "SnmpDuplicateVbl",
    "SnmpFreeVbl",
    "SnmpCountVbl",
    "SnmpGetVb",
    "SnmpSetVb",
    "SnmpDeleteVb",
    "SnmpGetLastError",
    "SnmpStrToOid",
    "SnmpOidToStr",
    "SnmpOidCopy",
    "SnmpOidCompare",
    "SnmpEncodeMsg",
    "SnmpDecodeMsg",
    "SnmpFreeDescriptor",
];

macro_rules! consts {
    ($($name:ident),* $(,)?) => {
        vec![$((format!("const {}", stringify!($name)), $name as i64)),*]
    };
}

macro_rules! layout {
    ($map:ident; $($name:ident = $ty:ty),* $(,)?) => {
        $(
            $map.insert(format!("sizeof {}", stringify!($name)), size_of::<$ty>() as i64);
            $map.insert(format!("align {}", stringify!($name)), align_of::<$ty>() as i64);
        )*
    };
}

/// Whether the integer type `T` can hold -1.
fn is_signed<T: TryFrom<i8>>() -> bool {
    T::try_from(-1i8).is_ok()
}

macro_rules! signed {
    ($map:ident; $($name:ident = $ty:ty),* $(,)?) => {
        $( $map.insert(format!("signed {}", stringify!($name)), i64::from(is_signed::<$ty>())); )*
    };
}

/// What the Rust side says every line of `abi_check` must print.
fn expected() -> BTreeMap<String, i64> {
    use core::mem::offset_of;
    let mut m: BTreeMap<String, i64> = BTreeMap::new();
    for f in HEADER_FUNCTIONS {
        let exported = wsnmp32::EXPORTED_FUNCTIONS.contains(&f);
        m.insert(format!("func {f}"), i64::from(exported));
    }
    for f in wsnmp32::EXTENSION_FUNCTIONS {
        m.insert(format!("func {f}"), 1);
    }
    m.extend(consts![
        ASN_UNIVERSAL,
        ASN_APPLICATION,
        ASN_CONTEXT,
        ASN_PRIVATE,
        ASN_PRIMITIVE,
        ASN_CONSTRUCTOR,
        SNMP_SYNTAX_INT,
        SNMP_SYNTAX_INT32,
        SNMP_SYNTAX_BITS,
        SNMP_SYNTAX_OCTETS,
        SNMP_SYNTAX_NULL,
        SNMP_SYNTAX_OID,
        SNMP_SYNTAX_SEQUENCE,
        SNMP_SYNTAX_IPADDR,
        SNMP_SYNTAX_CNTR32,
        SNMP_SYNTAX_GAUGE32,
        SNMP_SYNTAX_UNSIGNED32,
        SNMP_SYNTAX_TIMETICKS,
        SNMP_SYNTAX_OPAQUE,
        SNMP_SYNTAX_NSAPADDR,
        SNMP_SYNTAX_CNTR64,
        SNMP_SYNTAX_UINT32,
        SNMP_SYNTAX_NOSUCHOBJECT,
        SNMP_SYNTAX_NOSUCHINSTANCE,
        SNMP_SYNTAX_ENDOFMIBVIEW,
        SNMP_PDU_GET,
        SNMP_PDU_GETNEXT,
        SNMP_PDU_RESPONSE,
        SNMP_PDU_SET,
        SNMP_PDU_V1TRAP,
        SNMP_PDU_GETBULK,
        SNMP_PDU_INFORM,
        SNMP_PDU_TRAP,
        SNMP_TRAP_COLDSTART,
        SNMP_TRAP_WARMSTART,
        SNMP_TRAP_LINKDOWN,
        SNMP_TRAP_LINKUP,
        SNMP_TRAP_AUTHFAIL,
        SNMP_TRAP_EGPNEIGHBORLOSS,
        SNMP_TRAP_ENTERPRISESPECIFIC,
        SNMP_ERROR_NOERROR,
        SNMP_ERROR_TOOBIG,
        SNMP_ERROR_NOSUCHNAME,
        SNMP_ERROR_BADVALUE,
        SNMP_ERROR_READONLY,
        SNMP_ERROR_GENERR,
        SNMP_ERROR_NOACCESS,
        SNMP_ERROR_WRONGTYPE,
        SNMP_ERROR_WRONGLENGTH,
        SNMP_ERROR_WRONGENCODING,
        SNMP_ERROR_WRONGVALUE,
        SNMP_ERROR_NOCREATION,
        SNMP_ERROR_INCONSISTENTVALUE,
        SNMP_ERROR_RESOURCEUNAVAILABLE,
        SNMP_ERROR_COMMITFAILED,
        SNMP_ERROR_UNDOFAILED,
        SNMP_ERROR_AUTHORIZATIONERROR,
        SNMP_ERROR_NOTWRITABLE,
        SNMP_ERROR_INCONSISTENTNAME,
        SNMPAPI_TRANSLATED,
        SNMPAPI_UNTRANSLATED_V1,
        SNMPAPI_UNTRANSLATED_V2,
        SNMPAPI_NO_SUPPORT,
        SNMPAPI_V1_SUPPORT,
        SNMPAPI_V2_SUPPORT,
        SNMPAPI_M2M_SUPPORT,
        SNMPAPI_OFF,
        SNMPAPI_ON,
        SNMPAPI_FAILURE,
        SNMPAPI_SUCCESS,
        SNMPLISTEN_USEENTITY_ADDR,
        SNMPLISTEN_ALL_ADDR,
        MAXOBJIDSIZE,
        MAXOBJIDSTRSIZE,
        MAXVENDORINFO,
        DEFAULT_SNMP_PORT_UDP,
        DEFAULT_SNMPTRAP_PORT_UDP,
        DEFAULT_SNMP_PORT_IPX,
        DEFAULT_SNMPTRAP_PORT_IPX,
    ]);
    for (name, code) in ERROR_CODES {
        m.insert(format!("const {name}"), i64::from(*code));
    }
    // The SNMPv3 extension.
    m.extend(consts![
        SNMP_PDU_REPORT,
        SNMP_SEC_MODEL_USM,
        SNMP_NOAUTH_NOPRIV,
        SNMP_AUTH_NOPRIV,
        SNMP_AUTH_PRIV,
        SNMP_USM_NO_AUTH_PROTOCOL,
        SNMP_USM_HMACMD5_AUTH_PROTOCOL,
        SNMP_USM_HMACSHA_AUTH_PROTOCOL,
        WINSNMP_USM_HMACSHA224_AUTH_PROTOCOL,
        WINSNMP_USM_HMACSHA256_AUTH_PROTOCOL,
        WINSNMP_USM_HMACSHA384_AUTH_PROTOCOL,
        WINSNMP_USM_HMACSHA512_AUTH_PROTOCOL,
        SNMP_USM_NO_PRIV_PROTOCOL,
        SNMP_USM_DES_PRIV_PROTOCOL,
        WINSNMP_USM_3DES_PRIV_PROTOCOL,
        WINSNMP_USM_AES128_PRIV_PROTOCOL,
        WINSNMP_LIMIT_SESSIONS,
        WINSNMP_LIMIT_HANDLES,
        WINSNMP_LIMIT_QUEUED_MESSAGES,
        WINSNMP_LIMIT_MESSAGE_SIZE,
        WINSNMP_LIMIT_VARBINDS,
        WINSNMP_USM_AES192_PRIV_PROTOCOL,
        WINSNMP_USM_AES256_PRIV_PROTOCOL,
        WINSNMP_USM_AES192C_PRIV_PROTOCOL,
        WINSNMP_USM_AES256C_PRIV_PROTOCOL,
    ]);
    for (name, code) in V3_ERROR_CODES {
        m.insert(format!("const {name}"), i64::from(*code));
    }
    layout!(m; WinSnmpUsmParams = WinSnmpUsmParams, WinSnmpUsmStats = WinSnmpUsmStats);
    layout!(m; WinSnmpSessionStats = WinSnmpSessionStats, WinSnmpCommStats = WinSnmpCommStats);
    macro_rules! offsets {
        ($t:ident: $($f:ident),* $(,)?) => {
            $( m.insert(format!("offsetof {}.{}", stringify!($t), stringify!($f)), offset_of!($t, $f) as i64); )*
        };
    }
    offsets!(WinSnmpSessionStats: entities, contexts, pdus, vbls, outstandingRequests, queuedMessages, registrations, peakEntities, peakContexts, peakPdus, peakVbls);
    offsets!(WinSnmpCommStats: size, reserved, datagramsIn, bytesIn, datagramsOut, bytesOut, transmissions, retransmissions, timeouts, cancelled, undeliverable, oversized, responses, lateDelivered, notifications, agentRequests, informsAcknowledged, reportsReceived, reportsSent, droppedMalformed, droppedDuplicate, droppedLate, droppedStray, droppedForeign, droppedUnexpected, droppedUnregistered, droppedQueueFull, droppedRejected, droppedOversized);
    for (k, off) in [
        ("userName", offset_of!(WinSnmpUsmParams, userName)),
        ("securityLevel", offset_of!(WinSnmpUsmParams, securityLevel)),
        ("authProtocol", offset_of!(WinSnmpUsmParams, authProtocol)),
        ("authPassword", offset_of!(WinSnmpUsmParams, authPassword)),
        ("privProtocol", offset_of!(WinSnmpUsmParams, privProtocol)),
        ("privPassword", offset_of!(WinSnmpUsmParams, privPassword)),
        (
            "securityEngineId",
            offset_of!(WinSnmpUsmParams, securityEngineId),
        ),
        (
            "contextEngineId",
            offset_of!(WinSnmpUsmParams, contextEngineId),
        ),
    ] {
        m.insert(format!("offsetof WinSnmpUsmParams.{k}"), off as i64);
    }
    for (k, off) in [
        ("asnParseErrs", offset_of!(WinSnmpUsmStats, asnParseErrs)),
        ("invalidMsgs", offset_of!(WinSnmpUsmStats, invalidMsgs)),
        (
            "unknownSecurityModels",
            offset_of!(WinSnmpUsmStats, unknownSecurityModels),
        ),
        (
            "unsupportedSecLevels",
            offset_of!(WinSnmpUsmStats, unsupportedSecLevels),
        ),
        (
            "notInTimeWindows",
            offset_of!(WinSnmpUsmStats, notInTimeWindows),
        ),
        (
            "unknownUserNames",
            offset_of!(WinSnmpUsmStats, unknownUserNames),
        ),
        (
            "unknownEngineIds",
            offset_of!(WinSnmpUsmStats, unknownEngineIds),
        ),
        ("wrongDigests", offset_of!(WinSnmpUsmStats, wrongDigests)),
        (
            "decryptionErrors",
            offset_of!(WinSnmpUsmStats, decryptionErrors),
        ),
    ] {
        m.insert(format!("offsetof WinSnmpUsmStats.{k}"), off as i64);
    }
    layout!(m;
        smiINT = smiINT, smiINT32 = smiINT32, smiUINT32 = smiUINT32, smiBYTE = smiBYTE,
        smiCNTR32 = smiCNTR32, smiGAUGE32 = smiGAUGE32, smiTIMETICKS = smiTIMETICKS,
        SNMPAPI_STATUS = SNMPAPI_STATUS, HSNMP_SESSION = HSNMP_SESSION,
        HSNMP_ENTITY = HSNMP_ENTITY, HSNMP_CONTEXT = HSNMP_CONTEXT, HSNMP_PDU = HSNMP_PDU,
        HSNMP_VBL = HSNMP_VBL, HWND = HWND, UINT = UINT, WPARAM = WPARAM, LPARAM = LPARAM,
        LPVOID = LPVOID, SNMPAPI_CALLBACK = SNMPAPI_CALLBACK,
        PFNSNMPSTARTUPEX = PFNSNMPSTARTUPEX, PFNSNMPCLEANUPEX = PFNSNMPCLEANUPEX,
        smiOCTETS = smiOCTETS, smiOID = smiOID, smiCNTR64 = smiCNTR64, smiVALUE = smiVALUE,
        smiVENDORINFO = smiVENDORINFO,
    );
    signed!(m;
        smiINT = smiINT, smiINT32 = smiINT32, smiUINT32 = smiUINT32, smiBYTE = smiBYTE,
        SNMPAPI_STATUS = SNMPAPI_STATUS, UINT = UINT, WPARAM = WPARAM, LPARAM = LPARAM,
    );
    let v = offset_of!(smiVALUE, value) as i64;
    for (k, off) in [
        ("smiOCTETS.len", offset_of!(smiOCTETS, len)),
        ("smiOCTETS.ptr", offset_of!(smiOCTETS, ptr)),
        ("smiOID.len", offset_of!(smiOID, len)),
        ("smiOID.ptr", offset_of!(smiOID, ptr)),
        ("smiCNTR64.hipart", offset_of!(smiCNTR64, hipart)),
        ("smiCNTR64.lopart", offset_of!(smiCNTR64, lopart)),
        ("smiVALUE.syntax", offset_of!(smiVALUE, syntax)),
        (
            "smiVENDORINFO.vendorName",
            offset_of!(smiVENDORINFO, vendorName),
        ),
        (
            "smiVENDORINFO.vendorContact",
            offset_of!(smiVENDORINFO, vendorContact),
        ),
        (
            "smiVENDORINFO.vendorVersionId",
            offset_of!(smiVENDORINFO, vendorVersionId),
        ),
        (
            "smiVENDORINFO.vendorVersionDate",
            offset_of!(smiVENDORINFO, vendorVersionDate),
        ),
        (
            "smiVENDORINFO.vendorEnterprise",
            offset_of!(smiVENDORINFO, vendorEnterprise),
        ),
    ] {
        m.insert(format!("offsetof {k}"), off as i64);
    }
    for (k, off) in [
        ("value", 0),
        ("value.sNumber", offset_of!(smiVALUE_0, sNumber)),
        ("value.uNumber", offset_of!(smiVALUE_0, uNumber)),
        ("value.hNumber", offset_of!(smiVALUE_0, hNumber)),
        ("value.string", offset_of!(smiVALUE_0, string)),
        ("value.oid", offset_of!(smiVALUE_0, oid)),
        ("value.empty", offset_of!(smiVALUE_0, empty)),
    ] {
        m.insert(format!("offsetof smiVALUE.{k}"), v + off as i64);
    }
    m
}

/// `abi_check.c` assigns every function to a pointer of the type spelled out from the API
/// reference (a mismatch with the header is a compile error under `-Werror`) and prints
/// constants, sizes, alignments, signedness, offsets and which functions the library
/// exports; every line must equal the Rust side's value, and every Rust value must be
/// printed.
#[test]
fn abi_check_matches_rust() {
    let Some(exe) = compile("abi_check") else {
        return;
    };
    let out = run(&exe);
    let mut printed = BTreeMap::new();
    for line in out.lines() {
        let (key, value) = line.rsplit_once(' ').expect("`kind name value` lines");
        let value: i64 = value.parse().expect("a number");
        assert!(
            printed.insert(key.to_owned(), value).is_none(),
            "{key} printed twice"
        );
    }
    let expected = expected();
    let mut diffs = Vec::new();
    for (k, v) in &expected {
        match printed.get(k) {
            Some(p) if p == v => {}
            Some(p) => diffs.push(format!("{k}: C {p}, Rust {v}")),
            None => diffs.push(format!("{k}: not printed by abi_check.c")),
        }
    }
    for k in printed.keys().filter(|k| !expected.contains_key(*k)) {
        diffs.push(format!("{k}: printed by abi_check.c, unknown to Rust"));
    }
    assert!(
        diffs.is_empty(),
        "header and library disagree:\n{}",
        diffs.join("\n")
    );
    let missing: Vec<_> = HEADER_FUNCTIONS
        .iter()
        .filter(|f| !wsnmp32::EXPORTED_FUNCTIONS.contains(f))
        .collect();
    eprintln!(
        "abi_check: {} of {} header functions exported; not exported: {missing:?}",
        HEADER_FUNCTIONS.len() - missing.len(),
        HEADER_FUNCTIONS.len()
    );
}

/// The dynamic symbol table of `libwsnmp32.so` holds exactly the functions
/// `EXPORTED_FUNCTIONS` and `EXTENSION_FUNCTIONS` list (checked with `nm -D` when
/// binutils is installed).
#[test]
fn exported_symbols_match() {
    if !have("nm") {
        assert!(!ci(), "CI=true but nm is not installed");
        eprintln!("note: nm not installed; symbol check skipped");
        return;
    }
    let lib = lib_dir().join("libwsnmp32.so");
    let out = Command::new("nm")
        .args(["-D", "--defined-only"])
        .arg(&lib)
        .output()
        .expect("run nm");
    assert!(out.status.success());
    let mut exported: Vec<String> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .filter(|s| s.starts_with("Snmp") || s.starts_with("WinSnmp"))
        .map(str::to_owned)
        .collect();
    exported.sort();
    let mut want: Vec<String> = wsnmp32::EXPORTED_FUNCTIONS
        .iter()
        .chain(wsnmp32::EXTENSION_FUNCTIONS)
        .map(|s| (*s).to_owned())
        .collect();
    want.sort();
    assert_eq!(exported, want);
    for f in wsnmp32::EXPORTED_FUNCTIONS {
        assert!(HEADER_FUNCTIONS.contains(f), "{f} is not a header function");
    }
}

/// `wsnmp32.pc.in`, filled in as the README shows, gives the flags that build a program.
#[test]
fn pkg_config_file_builds_a_program() {
    if !have("pkg-config") {
        assert!(!ci(), "CI=true but pkg-config is not installed");
        eprintln!("note: pkg-config not installed; skipped");
        return;
    }
    let Some(cc) = cc() else { return };
    let dir = lib_dir().join("c-tests/pkgconfig");
    std::fs::create_dir_all(&dir).expect("create pkgconfig dir");
    let template = std::fs::read_to_string(crate_dir().join("wsnmp32.pc.in")).expect("read .pc.in");
    let pc = template
        .replace("@LIBDIR@", &lib_dir().display().to_string())
        .replace(
            "@INCLUDEDIR@",
            &crate_dir().join("include").display().to_string(),
        )
        .replace("@VERSION@", env!("CARGO_PKG_VERSION"));
    std::fs::write(dir.join("wsnmp32.pc"), pc).expect("write wsnmp32.pc");
    let out = Command::new("pkg-config")
        .args(["--cflags", "--libs", "wsnmp32"])
        .env("PKG_CONFIG_PATH", &dir)
        .output()
        .expect("run pkg-config");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let flags = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(flags.contains("-lwsnmp32"), "{flags}");
    let app = dir.join("app.c");
    std::fs::write(
        &app,
        "#include <winsnmp.h>\nint main(void) {\n    smiUINT32 major = 0;\n    \
         if (SnmpStartup(&major, NULL, NULL, NULL, NULL) != SNMPAPI_SUCCESS || major != 2)\n        \
         return 1;\n    return SnmpCleanup() == SNMPAPI_SUCCESS ? 0 : 1;\n}\n",
    )
    .expect("write app.c");
    let exe = dir.join("app");
    let status = Command::new(cc)
        .args(["-Wall", "-Wextra", "-Werror"])
        .arg(&app)
        .arg("-o")
        .arg(&exe)
        .args(flags.split_whitespace())
        .status()
        .expect("run cc");
    assert!(
        status.success(),
        "cc app.c $(pkg-config --cflags --libs wsnmp32) failed"
    );
    let status = Command::new(&exe)
        .env("LD_LIBRARY_PATH", lib_dir())
        .status()
        .expect("run app");
    assert!(status.success());
}

/// `winsnmp.h` is also valid C99 and C++11 (its `extern "C"` block), pedantically.
#[test]
fn header_compiles_as_c99_and_cxx() {
    let include = crate_dir().join("include");
    let dir = std::env::temp_dir().join(format!("winsnmp-capi-hdr-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let cases = [
        (
            "cc",
            "hdr.c",
            "-std=c99",
            "int main(void) { return SNMP_PDU_GET == 0xA0 ? 0 : 1; }",
        ),
        (
            "c++",
            "hdr.cpp",
            "-std=c++11",
            "int main() { return SnmpGetLastError(nullptr) == 0; }",
        ),
        // Every handle type and a status against SNMPAPI_FAILURE, warning-free.
        (
            "cc",
            "fail.c",
            "-std=c99",
            "int main(void) { HSNMP_SESSION s = SnmpOpen(NULL, 0); HSNMP_ENTITY e = NULL; \
             HSNMP_CONTEXT c = NULL; HSNMP_PDU p = NULL; HSNMP_VBL v = NULL; \
             return s == SNMPAPI_FAILURE && e == SNMPAPI_FAILURE && c == SNMPAPI_FAILURE \
             && p == SNMPAPI_FAILURE && v == SNMPAPI_FAILURE \
             && SnmpCleanup() != SNMPAPI_FAILURE; }",
        ),
        (
            "c++",
            "fail.cpp",
            "-std=c++11",
            "int main() { HSNMP_SESSION s = SnmpOpen(nullptr, 0); HSNMP_ENTITY e = nullptr; \
             HSNMP_CONTEXT c = nullptr; HSNMP_PDU p = nullptr; HSNMP_VBL v = nullptr; \
             return s == SNMPAPI_FAILURE && e == SNMPAPI_FAILURE && c == SNMPAPI_FAILURE \
             && p == SNMPAPI_FAILURE && v == SNMPAPI_FAILURE \
             && SnmpCleanup() != SNMPAPI_FAILURE; }",
        ),
    ];
    for (compiler, file, std, body) in cases {
        if !have(compiler) {
            assert!(!ci(), "CI=true but {compiler} is not installed");
            eprintln!("note: {compiler} not installed; skipped");
            continue;
        }
        let src = dir.join(file);
        std::fs::write(&src, format!("#include <winsnmp.h>\n{body}\n")).expect("write source");
        let out = Command::new(compiler)
            .args([
                std,
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-fsyntax-only",
                "-I",
            ])
            .arg(&include)
            .arg(&src)
            .output()
            .expect("run the compiler");
        assert!(
            out.status.success(),
            "{compiler} {std}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// A program that got the WinSNMP 3.0 names from another header first still compiles with
/// `winsnmp.h` (each 3.0 name in the SNMPv3 section is guarded with `#ifndef`), as C99 and
/// as C++11, and the header's values equal those.
#[test]
fn header_yields_to_winsnmp3_names_defined_first() {
    const NAMES: [(&str, &str); 22] = [
        ("SNMP_PDU_REPORT", "0xA8"),
        ("SNMP_SEC_MODEL_USM", "3"),
        ("SNMP_NOAUTH_NOPRIV", "0"),
        ("SNMP_AUTH_NOPRIV", "1"),
        ("SNMP_AUTH_PRIV", "3"),
        ("SNMP_USM_NO_AUTH_PROTOCOL", "1"),
        ("SNMP_USM_HMACMD5_AUTH_PROTOCOL", "2"),
        ("SNMP_USM_HMACSHA_AUTH_PROTOCOL", "3"),
        ("SNMP_USM_NO_PRIV_PROTOCOL", "1"),
        ("SNMP_USM_DES_PRIV_PROTOCOL", "2"),
        ("SNMPAPI_ENGINE_INVALID", "30"),
        ("SNMPAPI_ENGINE_DISCOVERY_FAILED", "31"),
        ("SNMPAPI_RPT_INVALIDMSG", "200"),
        ("SNMPAPI_RPT_INASNPARSEERR", "201"),
        ("SNMPAPI_RPT_UNKNOWNSECMODEL", "202"),
        ("SNMPAPI_RPT_UNKNOWNENGINEID", "203"),
        ("SNMPAPI_RPT_UNSUPPSECLEVEL", "204"),
        ("SNMPAPI_RPT_UNKNOWNUSERNAME", "205"),
        ("SNMPAPI_RPT_WRONGDIGEST", "206"),
        ("SNMPAPI_RPT_NOTINTIMEWINDOW", "207"),
        ("SNMPAPI_RPT_DECRYPTIONERROR", "208"),
        ("SNMPAPI_RPT_OTHER", "299"),
    ];
    let include = crate_dir().join("include");
    let dir = std::env::temp_dir().join(format!("winsnmp-capi-hdr3-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    // Spelled differently from winsnmp.h (a plain redefinition would be an error).
    let mut src = String::new();
    for (name, value) in NAMES {
        src += &format!("#define {name} ({value})\n");
    }
    src += "#include <winsnmp.h>\n";
    let checks: Vec<String> = NAMES
        .iter()
        .map(|(name, value)| format!("{name} == {value}"))
        .collect();
    src += &format!(
        "typedef char values_agree[({}) ? 1 : -1];\n",
        checks.join(" && ")
    );
    for (compiler, file, std) in [
        ("cc", "hdr3.c", "-std=c99"),
        ("c++", "hdr3.cpp", "-std=c++11"),
    ] {
        if !have(compiler) {
            assert!(!ci(), "CI=true but {compiler} is not installed");
            continue;
        }
        let path = dir.join(file);
        let body = if file.ends_with(".c") {
            "int main(void) { return (int)sizeof(values_agree) - 1; }\n"
        } else {
            "int main() { return (int)sizeof(values_agree) - 1; }\n"
        };
        std::fs::write(&path, format!("{src}{body}")).expect("write source");
        let out = Command::new(compiler)
            .args([
                std,
                "-Wall",
                "-Wextra",
                "-Werror",
                "-pedantic",
                "-fsyntax-only",
                "-I",
            ])
            .arg(&include)
            .arg(&path)
            .output()
            .expect("run the compiler");
        assert!(
            out.status.success(),
            "{compiler} {std}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}
