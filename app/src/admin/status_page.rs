//! The admin's status page: what runs, the data's size, the last backup,
//! and the phones that have not synced for days, so a coordinator can call
//! the worker before the phone's browser evicts records only it holds.

use super::status::{load_status, BackupRun, Device, Schedule, Status, STALE_DAYS};
use crate::i18n::*;
use crate::ui::{error_text, local_time, ScrollingTable};
use leptos::prelude::*;

/// "4.2 MB"
fn megabytes(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

/// A good backup older than this is flagged: twice the schedule's interval,
/// or a week when the server does not back up by itself.
fn overdue_after(schedule: Option<&Schedule>) -> chrono::Duration {
    schedule.map_or(chrono::Duration::days(7), |s| {
        chrono::Duration::minutes(2 * i64::from(s.every_minutes))
    })
}

fn is_overdue(run: &BackupRun, schedule: Option<&Schedule>) -> bool {
    chrono::DateTime::parse_from_rfc3339(&run.taken_at).is_ok_and(|at| {
        chrono::Utc::now() - at.with_timezone(&chrono::Utc) > overdue_after(schedule)
    })
}

#[component]
pub fn StatusPage() -> impl IntoView {
    let i18n = use_i18n();
    let status = Resource::new(|| (), |_| load_status());
    view! {
        <section class="page status">
            <h1>{t!(i18n, status_title)}</h1>
            <Suspense>
                {move || Suspend::new(async move {
                    match status.await {
                        Ok(status) => view! { <StatusView status /> }.into_any(),
                        Err(error) => view! { <p class="error">{error_text(i18n, &error)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

#[component]
fn StatusView(status: Status) -> impl IntoView {
    let i18n = use_i18n();
    let Status {
        version,
        build,
        database_file,
        database_bytes,
        backups_by_operator,
        records,
        schedule,
        metrics_addr,
        last_backup,
        failed_backup,
        devices,
    } = status;
    let metrics = metrics_addr.map_or_else(
        || t_string!(i18n, status_metrics_off).to_string(),
        |addr| format!("http://{addr}/metrics"),
    );
    view! {
        <h2>{t!(i18n, status_server)}</h2>
        <dl class="facts">
            <dt>{t!(i18n, status_version)}</dt>
            <dd data-fact="version">{version} " (" {build} ")"</dd>
            <dt>{t!(i18n, status_database)}</dt>
            <dd data-fact="database">{database_file} ", " {megabytes(database_bytes)}</dd>
            <dt>{t!(i18n, status_records)}</dt>
            <dd data-fact="records">{records}</dd>
            <dt>{t!(i18n, status_metrics)}</dt>
            <dd data-fact="metrics">{metrics}</dd>
        </dl>
        {if backups_by_operator {
            view! {
                <h2>{t!(i18n, status_backups)}</h2>
                <p data-fact="last-backup">{t!(i18n, status_backup_postgres)}</p>
            }
                .into_any()
        } else {
            view! { <Backups schedule last_backup failed_backup /> }.into_any()
        }}
        <Devices devices />
    }
}

#[component]
fn Backups(
    schedule: Option<Schedule>,
    last_backup: Option<BackupRun>,
    failed_backup: Option<BackupRun>,
) -> impl IntoView {
    let i18n = use_i18n();
    let overdue = last_backup
        .as_ref()
        .is_some_and(|run| is_overdue(run, schedule.as_ref()));
    let last = match last_backup {
        Some(run) => {
            let time = local_time(&run.taken_at);
            let records = run.records.unwrap_or_default();
            let size = megabytes(u64::try_from(run.bytes.unwrap_or_default()).unwrap_or(0));
            let by = if run.trigger == "schedule" {
                t_string!(i18n, status_backup_by_schedule)
            } else {
                t_string!(i18n, status_backup_by_command)
            };
            view! {
                <p data-fact="last-backup" class:warning=overdue>
                    {t!(i18n, status_backup_last, time, records, size, by)} " " <code>{run.file}</code>
                </p>
                {overdue.then(|| view! { <p class="warning">{t!(i18n, status_backup_overdue)}</p> })}
            }
            .into_any()
        }
        None => {
            view! { <p class="warning" data-fact="last-backup">{t!(i18n, status_backup_none)}</p> }
                .into_any()
        }
    };
    let failed = failed_backup.map(|run| {
        let time = local_time(&run.taken_at);
        let reason = run.error.unwrap_or_default();
        view! { <p class="error" data-fact="failed-backup">{t!(i18n, status_backup_failed, time, reason)}</p> }
    });
    let schedule = match schedule {
        Some(Schedule {
            folder,
            every_minutes,
            keep,
        }) => {
            let every = if every_minutes % 60 == 0 {
                format!("{} h", every_minutes / 60)
            } else {
                format!("{every_minutes} min")
            };
            view! { <p data-fact="schedule">{t!(i18n, status_schedule_on, every, keep, folder)}</p> }.into_any()
        }
        None => view! { <p data-fact="schedule">{t!(i18n, status_schedule_off)}</p> }.into_any(),
    };
    view! {
        <h2>{t!(i18n, status_backups)}</h2>
        {last}
        {failed}
        {schedule}
    }
}

#[component]
fn Devices(devices: Vec<Device>) -> impl IntoView {
    let i18n = use_i18n();
    let stale = devices.iter().filter(|d| d.stale).count();
    let days = STALE_DAYS;
    let row = move |device: Device| {
        let short: String = device.device_id.chars().take(8).collect();
        let batch = format!("{} / {}", device.last_sent, device.last_refused);
        let id = device.device_id.clone();
        view! {
            <tr class:stale=device.stale data-device=id>
                <td>{device.display_name} " (" {device.username} ")"</td>
                <td><code title=device.device_id>{short}</code></td>
                <td>{local_time(&device.last_sync)}</td>
                <td>
                    {device.silent_days}
                    {device.stale.then(|| view! { " " <strong>{t!(i18n, status_call)}</strong> })}
                </td>
                <td>{batch}</td>
                <td>{device.stored}</td>
            </tr>
        }
    };
    view! {
        <h2>{t!(i18n, status_devices)}</h2>
        <p>{t!(i18n, status_devices_help, days)}</p>
        <p data-fact="stale" class:warning=move || stale != 0>{t!(i18n, status_stale, stale, days)}</p>
        {if devices.is_empty() {
            view! { <p>{t!(i18n, status_no_devices)}</p> }.into_any()
        } else {
            view! {
                <ScrollingTable label=move || t_string!(i18n, status_devices).to_string()>
                    <table>
                        <thead>
                            <tr>
                                <th>{t!(i18n, status_worker)}</th>
                                <th>{t!(i18n, status_device)}</th>
                                <th>{t!(i18n, status_last_sync)}</th>
                                <th>{t!(i18n, status_silent_days)}</th>
                                <th>{t!(i18n, status_last_batch)}</th>
                                <th>{t!(i18n, status_stored)}</th>
                            </tr>
                        </thead>
                        <tbody>{devices.into_iter().map(row).collect_view()}</tbody>
                    </table>
                </ScrollingTable>
            }
            .into_any()
        }}
    }
}
