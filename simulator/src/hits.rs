//! Realistic, varied hits, generated on demand from (seed, job, index): Windows event logs,
//! syslog, firewall and application logs, each with its own keys. Nothing is held in memory,
//! so a job of a million hits costs no more than one of ten.

use crate::rng::{hash, Rng};
use serde_json::{Map, Value};

/// Which field names a page uses: `client` display names or `server` internal names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Naming {
    Client,
    Server,
}

/// The log types a job's hits come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogMix {
    Windows,
    Syslog,
    Firewall,
    Application,
    /// All four, in the proportions a real estate logs them.
    Mixed,
}

impl LogMix {
    fn pick(self, rng: &mut Rng) -> LogMix {
        match self {
            LogMix::Mixed => match rng.below(10) {
                0..=3 => LogMix::Windows,
                4..=5 => LogMix::Syslog,
                6..=8 => LogMix::Firewall,
                _ => LogMix::Application,
            },
            one => one,
        }
    }
}

/// Builds one hit's map, pushing (client name, server name, value) in display order.
struct HitBuilder {
    naming: Naming,
    map: Map<String, Value>,
}

impl HitBuilder {
    fn put(&mut self, client: &str, server: &str, value: impl Into<Value>) {
        let key = match self.naming {
            Naming::Client => client,
            Naming::Server => server,
        };
        self.map.insert(key.to_owned(), value.into());
    }
}

/// Where a job's hits sit in time: newest first, spread back from `newest_ms`.
#[derive(Clone, Copy, Debug)]
pub struct HitSource {
    pub seed: u64,
    pub job: u64,
    pub mix: LogMix,
    pub newest_ms: i64,
    /// Average gap between two hits, in milliseconds.
    pub spacing_ms: i64,
}

impl HitSource {
    /// Hit number `index` (0-based) of the job.
    pub fn hit(&self, index: u64, naming: Naming) -> Map<String, Value> {
        let mut rng = Rng::new(hash(&[self.seed, self.job, index]));
        let jitter = rng.below(self.spacing_ms.max(1) as u64) as i64;
        let time = self.newest_ms - index as i64 * self.spacing_ms - jitter;
        let mut b = HitBuilder {
            naming,
            map: Map::new(),
        };
        match self.mix.pick(&mut rng) {
            LogMix::Windows => windows(&mut rng, &mut b, time),
            LogMix::Syslog => syslog(&mut rng, &mut b, time),
            LogMix::Firewall => firewall(&mut rng, &mut b, time),
            _ => application(&mut rng, &mut b, time),
        }
        b.map
    }

    /// Hits `from..to` (0-based, `to` exclusive).
    pub fn hits(&self, from: u64, to: u64, naming: Naming) -> Vec<Value> {
        (from..to)
            .map(|i| Value::Object(self.hit(i, naming)))
            .collect()
    }
}

/// `logs_ela_1747679400_1747679400###AZbtKkPRWTroqF6w8kNU`: the index of the day, and a doc id.
fn uuid(rng: &mut Rng, time_ms: i64) -> String {
    let day = time_ms.div_euclid(86_400_000) * 86_400;
    format!("logs_ela_{day}_{day}###AZ{}", rng.id(18))
}

const WIN_HOSTS: &[(&str, &str)] = &[
    ("pooja-17763", "WKS"),
    ("fin-ws-0142", "WKS"),
    ("hr-lt-0311", "WKS"),
    ("DC01.corp.example", "DC"),
    ("WIN-SRV-SQL01", "SRV"),
    ("EXCH-02", "SRV"),
];

/// (event id, type, source, severity). Windows hits carry exactly the reference page's keys.
const WIN_EVENTS: &[(&str, &str, &str, &str)] = &[
    (
        "4624",
        "Security",
        "Microsoft-Windows-Security-Auditing",
        "information",
    ),
    (
        "4625",
        "Security",
        "Microsoft-Windows-Security-Auditing",
        "warning",
    ),
    (
        "4740",
        "Security",
        "Microsoft-Windows-Security-Auditing",
        "error",
    ),
    (
        "4720",
        "Security",
        "Microsoft-Windows-Security-Auditing",
        "warning",
    ),
    ("1102", "Security", "Microsoft-Windows-Eventlog", "critical"),
    ("8019", "System", "Microsoft-Windows-DNS-Client", "warning"),
    ("7036", "System", "Service Control Manager", "information"),
    ("41", "System", "Microsoft-Windows-Kernel-Power", "critical"),
    (
        "1502",
        "Application",
        "Microsoft-Windows-GroupPolicy",
        "information",
    ),
];

const USERS: &[&str] = &[
    "jdoe",
    "asmith",
    "svc_backup",
    "administrator",
    "pooja",
    "m.garcia",
    "guest",
];

fn windows(rng: &mut Rng, b: &mut HitBuilder, time: i64) {
    let (host, category) = *rng.pick(WIN_HOSTS);
    let (event, kind, source, severity) = *rng.pick(WIN_EVENTS);
    b.put("Type", "TYPE", kind);
    b.put("Device", "HOSTNAME", host);
    b.put("OS Category", "OS_CATEGORY", category);
    b.put("LogType", "LOGTYPE", "Windows");
    b.put("DisplayName", "DISPLAYNAME", host);
    b.put("Severity", "COMMON_SEVERITY", severity);
    b.put("Time", "TIME", time.to_string());
    b.put("Event ID", "EVENT_ID", event);
    b.put("UUID", "UUID", uuid(rng, time));
    b.put("Source", "SOURCE", source);
}

const UNIX_HOSTS: &[&str] = &["web-01", "web-02", "db-02", "bastion", "k8s-node-7"];
const SOURCES_V4: &[&str] = &[
    "203.0.113.7",
    "198.51.100.23",
    "10.0.4.17",
    "10.0.9.200",
    "192.0.2.44",
];

fn syslog(rng: &mut Rng, b: &mut HitBuilder, time: i64) {
    let host = *rng.pick(UNIX_HOSTS);
    let ip = *rng.pick(SOURCES_V4);
    let user = *rng.pick(USERS);
    let port = 30_000 + rng.below(30_000);
    let (process, facility, severity, message) = match rng.below(7) {
        0 => ("sshd", "auth", "warning", format!("Failed password for invalid user {user} from {ip} port {port} ssh2")),
        1 => ("sshd", "auth", "information", format!("Accepted publickey for {user} from {ip} port {port} ssh2")),
        2 => ("sudo", "authpriv", "notice", format!("{user} : TTY=pts/0 ; PWD=/home/{user} ; USER=root ; COMMAND=/usr/bin/systemctl restart nginx")),
        3 => ("kernel", "kern", "critical", "Out of memory: Killed process 4121 (java) total-vm:8123456kB".to_owned()),
        4 => ("CRON", "cron", "information", format!("({user}) CMD (/usr/local/bin/backup.sh)")),
        5 => ("systemd", "daemon", "error", "nginx.service: Main process exited, code=exited, status=1/FAILURE".to_owned()),
        _ => ("kernel", "kern", "debug", "eth0: link becomes ready".to_owned()),
    };
    b.put("Device", "HOSTNAME", host);
    b.put("LogType", "LOGTYPE", "Unix");
    b.put("Severity", "COMMON_SEVERITY", severity);
    b.put("Time", "TIME", time.to_string());
    b.put("Facility", "FACILITY", facility);
    b.put("Process", "PROCESS_NAME", process);
    b.put("PID", "PID", (300 + rng.below(60_000)).to_string());
    b.put("UUID", "UUID", uuid(rng, time));
    b.put("Message", "MESSAGE", message);
}

const FIREWALLS: &[&str] = &["fw-edge-01", "fw-edge-02", "pa-3220-dmz"];
const RULES: &[(&str, &str, u64)] = &[
    ("Allow-Web-Out", "allow", 443),
    ("Allow-DNS", "allow", 53),
    ("Block-Inbound-RDP", "deny", 3389),
    ("Block-SMB-External", "drop", 445),
    ("Allow-SSH-Bastion", "allow", 22),
    ("Default-Deny", "deny", 8080),
];

fn firewall(rng: &mut Rng, b: &mut HitBuilder, time: i64) {
    let (rule, action, port) = *rng.pick(RULES);
    let severity = match (action, port) {
        ("allow", _) => "information",
        (_, 3389 | 445) => "error",
        _ => "warning",
    };
    let proto = if port == 53 { "UDP" } else { "TCP" };
    b.put("Device", "HOSTNAME", *rng.pick(FIREWALLS));
    b.put("LogType", "LOGTYPE", "Firewall");
    b.put("Severity", "COMMON_SEVERITY", severity);
    b.put("Time", "TIME", time.to_string());
    b.put("Action", "FW_ACTION", action);
    b.put("Protocol", "PROTOCOL", proto);
    b.put("Source IP", "SOURCE_IP", *rng.pick(SOURCES_V4));
    b.put(
        "Source Port",
        "SOURCE_PORT",
        (1024 + rng.below(64_000)).to_string(),
    );
    b.put(
        "Destination IP",
        "DESTINATION_IP",
        format!("10.20.{}.{}", rng.below(8), 1 + rng.below(250)),
    );
    b.put("Destination Port", "DESTINATION_PORT", port.to_string());
    b.put("Rule", "RULE_NAME", rule);
    b.put("Bytes", "BYTES_SENT", rng.below(2_000_000));
    b.put("UUID", "UUID", uuid(rng, time));
}

const APPS: &[(&str, &str)] = &[
    ("IIS", "iis-web-01"),
    ("Apache", "web-02"),
    ("MSSQL", "WIN-SRV-SQL01"),
];
const URLS: &[&str] = &[
    "/login",
    "/api/orders",
    "/admin/users",
    "/static/app.js",
    "/search?q=report",
];

fn application(rng: &mut Rng, b: &mut HitBuilder, time: i64) {
    let (app, host) = *rng.pick(APPS);
    let status: u64 = *rng.pick(&[200, 200, 200, 302, 401, 404, 500, 503]);
    let severity = match status {
        500.. => "error",
        400.. => "warning",
        _ => "information",
    };
    b.put("Device", "HOSTNAME", host);
    b.put("LogType", "LOGTYPE", app);
    b.put("Severity", "COMMON_SEVERITY", severity);
    b.put("Time", "TIME", time.to_string());
    b.put("Application", "APP_NAME", app);
    b.put("Status Code", "STATUS_CODE", status);
    b.put("URL", "URL", *rng.pick(URLS));
    b.put("Response Time", "RESPONSE_TIME_MS", rng.below(3_000));
    b.put("User", "USERNAME", *rng.pick(USERS));
    b.put("UUID", "UUID", uuid(rng, time));
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    fn source(mix: LogMix) -> HitSource {
        HitSource {
            seed: 42,
            job: 3,
            mix,
            newest_ms: 1_747_735_585_000,
            spacing_ms: 1_000,
        }
    }

    #[test]
    fn hits_are_deterministic_from_seed_and_index() {
        let s = source(LogMix::Mixed);
        assert_eq!(s.hit(12_345, Naming::Client), s.hit(12_345, Naming::Client));
        assert_ne!(s.hit(1, Naming::Client), s.hit(2, Naming::Client));
        let other = HitSource { seed: 43, ..s };
        assert_ne!(s.hit(1, Naming::Client), other.hit(1, Naming::Client));
    }

    #[test]
    fn windows_hits_have_the_reference_keys_in_order() {
        let hit = source(LogMix::Windows).hit(0, Naming::Client);
        let keys: Vec<&str> = hit.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            [
                "Type",
                "Device",
                "OS Category",
                "LogType",
                "DisplayName",
                "Severity",
                "Time",
                "Event ID",
                "UUID",
                "Source"
            ]
        );
        assert!(hit["Time"].as_str().unwrap().parse::<i64>().is_ok());
        let uuid = hit["UUID"].as_str().unwrap();
        let (index, id) = uuid.split_once("###").unwrap();
        assert!(index.starts_with("logs_ela_"));
        assert_eq!(id.len(), 20);
    }

    #[test]
    fn server_naming_uses_internal_field_names() {
        let client = source(LogMix::Windows).hit(5, Naming::Client);
        let server = source(LogMix::Windows).hit(5, Naming::Server);
        assert_eq!(client["Device"], server["HOSTNAME"]);
        assert_eq!(client["Severity"], server["COMMON_SEVERITY"]);
        assert!(!server.contains_key("Device"));
    }

    #[test]
    fn a_mixed_job_has_every_log_type_and_many_severities() {
        let s = source(LogMix::Mixed);
        let hits = s.hits(0, 1000, Naming::Client);
        let types: BTreeSet<&str> = hits
            .iter()
            .map(|h| h["LogType"].as_str().unwrap())
            .collect();
        for t in ["Windows", "Unix", "Firewall"] {
            assert!(types.contains(t), "{types:?}");
        }
        let severities: BTreeSet<&str> = hits
            .iter()
            .map(|h| h["Severity"].as_str().unwrap())
            .collect();
        for s in ["information", "warning", "error", "critical"] {
            assert!(severities.contains(s), "{severities:?}");
        }
    }

    #[test]
    fn hits_come_newest_first() {
        let s = source(LogMix::Syslog);
        let times: Vec<i64> = s
            .hits(0, 50, Naming::Client)
            .iter()
            .map(|h| h["Time"].as_str().unwrap().parse().unwrap())
            .collect();
        assert!(times.windows(2).all(|w| w[0] >= w[1]), "{times:?}");
    }
}
