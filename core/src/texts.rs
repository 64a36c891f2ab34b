//! The words the app says that depend on data: announcements, questions, summaries, the
//! refresh state and export estimates. Pages render them; what they say is decided and
//! tested here.

use crate::{
    format::{count, count_of, relative, until},
    jobs::Finished,
    Job, Stage,
};

/// The toast for a job that finished between two refreshes, and whether it failed.
pub fn finished(done: &Finished) -> (String, bool) {
    let id = &done.request_id;
    let hits = done.hits.map(|n| count_of(n, "hit", "hits"));
    let failed = done.stage == Stage::Failed;
    let text = match (failed, hits) {
        (true, Some(hits)) => format!("Job {id} failed after {hits}."),
        (true, None) => format!("Job {id} failed."),
        (false, Some(hits)) => format!("Job {id} finished with {hits}."),
        (false, None) => format!("Job {id} finished."),
    };
    (text, failed)
}

/// What the delete dialog asks: title, body, and the confirming button's words.
pub fn delete_question(ids: &[String]) -> (String, String, String) {
    match ids {
        [one] => (
            format!("Delete job {one}?"),
            "The job and all its hits are deleted from the server. This cannot be undone.".into(),
            "Delete job".into(),
        ),
        many => (
            format!("Delete {} jobs?", many.len()),
            format!(
                "The {} selected jobs and all their hits are deleted from the server, one at a time. This cannot be undone.",
                many.len()
            ),
            format!("Delete {} jobs", many.len()),
        ),
    }
}

/// How a bulk delete went: `done` attempted of `total`, `failed` of them failed (the last
/// failure's words in `last_error`), `stopped` when the user stopped it.
pub fn bulk_deleted(
    done: usize,
    failed: usize,
    total: usize,
    stopped: bool,
    last_error: Option<&str>,
) -> String {
    let mut text = format!(
        "Deleted {} of {}.",
        done - failed,
        count_of(total as u64, "job", "jobs")
    );
    if stopped && done < total {
        text.push_str(&format!(" Stopped; {} not attempted.", total - done));
    }
    if let Some(e) = last_error {
        text.push_str(&format!(" {failed} failed: {e}"));
    }
    text
}

/// The count above the job table: how many are listed, shown, and what the server reports.
pub fn jobs_summary(listed: u64, shown: u64, server_total: Option<u64>) -> String {
    let mut text = if shown == listed {
        count_of(listed, "job", "jobs")
    } else {
        format!(
            "{} of {} shown",
            count(shown),
            count_of(listed, "job", "jobs")
        )
    };
    if let Some(total) = server_total.filter(|&t| t != listed) {
        text.push_str(&format!(" · the server reports {} in all", count(total)));
    }
    text
}

/// How fresh the job list is: updated when, stale since when, and when the next try is (while
/// auto-refresh is on). All times epoch ms.
pub fn freshness(
    updated_at: Option<i64>,
    stale_since: Option<i64>,
    next_try_at: Option<i64>,
    now: i64,
) -> Option<String> {
    let next = next_try_at.map(|at| format!("next try {}", until(at, now)));
    match (stale_since, updated_at, next) {
        (Some(since), Some(at), next) => Some(format!(
            "Stale: refreshes failing since {}; showing data from {}{}",
            relative(since, now),
            relative(at, now),
            next.map(|n| format!("; {n}")).unwrap_or_default()
        )),
        (None, Some(at), _) => Some(format!("Updated {}", relative(at, now))),
        (_, None, Some(next)) => Some(format!("Not loaded yet; {next}")),
        _ => None,
    }
}

/// A refresh interval as the menu names it.
pub fn interval_label(ms: u64) -> String {
    match ms {
        60_000 => "every minute".to_owned(),
        ms if ms % 1000 == 0 => format!("every {} s", ms / 1000),
        ms => format!("every {}.{} s", ms / 1000, (ms % 1000) / 100),
    }
}

/// The hits a job has: done of total while they differ, `—` for what the server did not say.
pub fn job_hits(job: &Job) -> String {
    match (job.hits_done, job.total_hits) {
        (Some(done), Some(total)) if done != total => {
            format!("{} / {}", count(done), count_of(total, "hit", "hits"))
        }
        (_, Some(total)) => count_of(total, "hit", "hits"),
        (Some(done), None) => format!("{} / — hits", count(done)),
        (None, None) => "— hits".to_owned(),
    }
}

/// What a job's stage means for the hits shown, when it is worth saying.
pub fn stage_note(stage: &Stage) -> Option<&'static str> {
    match stage {
        Stage::Running => Some("The search is still running: hits appear as it finds them."),
        Stage::Failed => Some("The search failed; the hits it found before failing are shown."),
        _ => None,
    }
}

/// What exporting `pages` pages costs, at the app's `limit` requests a minute.
pub fn export_estimate(pages: u64, limit: u32) -> String {
    if pages > u64::from(limit) {
        format!(
            "{} pages, one request each: about {} minutes at the app's limit of {limit} requests a minute (the server allows 60).",
            count(pages),
            crate::export::estimate_minutes(pages, limit)
        )
    } else {
        format!("{}, one request each.", count_of(pages, "page", "pages"))
    }
}

/// A top value of `column` as the field list shows it: a time as a date in the zone
/// `offset_minutes` east of UTC, like the grid's cell; anything else as it is.
pub fn top_value(column: &str, value: &str, offset_minutes: i32) -> String {
    match value.parse::<i64>() {
        Ok(ms) if crate::columns::is_time_column(column) => {
            crate::format::date_time(ms, offset_minutes)
        }
        _ => value.to_owned(),
    }
}

/// The note above the grid: how many hits of the page match the filter, and how many arrived
/// while the page was open.
pub fn grid_note(matching: usize, on_page: usize, arrived: usize) -> String {
    let filtered = (matching != on_page).then(|| {
        format!(
            "{} of {} on this page match the filter.",
            count(matching as u64),
            count_of(on_page as u64, "hit", "hits")
        )
    });
    let grown = (arrived > 0).then(|| {
        format!(
            "{} new {} arrived while you were here.",
            count(arrived as u64),
            if arrived == 1 { "hit" } else { "hits" }
        )
    });
    [filtered, grown]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn done(stage: Stage, hits: Option<u64>) -> Finished {
        Finished {
            request_id: "AZ1".into(),
            stage,
            hits,
        }
    }

    #[test]
    fn finished_jobs_are_announced_with_their_hits() {
        assert_eq!(
            finished(&done(Stage::Success, Some(1200))),
            ("Job AZ1 finished with 1,200 hits.".into(), false)
        );
        assert_eq!(
            finished(&done(Stage::Failed, Some(1))),
            ("Job AZ1 failed after 1 hit.".into(), true)
        );
        assert_eq!(finished(&done(Stage::Success, None)).0, "Job AZ1 finished.");
        assert_eq!(finished(&done(Stage::Failed, None)).0, "Job AZ1 failed.");
    }

    #[test]
    fn the_delete_question_counts_the_jobs() {
        let (title, _, confirm) = delete_question(&["AZ1".into()]);
        assert_eq!(
            (title.as_str(), confirm.as_str()),
            ("Delete job AZ1?", "Delete job")
        );
        let (title, body, confirm) = delete_question(&["a".into(), "b".into(), "c".into()]);
        assert_eq!(title, "Delete 3 jobs?");
        assert!(body.starts_with("The 3 selected jobs"), "{body}");
        assert_eq!(confirm, "Delete 3 jobs");
    }

    #[test]
    fn a_bulk_delete_says_what_happened_and_what_was_not_tried() {
        assert_eq!(bulk_deleted(3, 0, 3, false, None), "Deleted 3 of 3 jobs.");
        assert_eq!(
            bulk_deleted(2, 1, 5, true, Some("Server error (HTTP 503).")),
            "Deleted 1 of 5 jobs. Stopped; 3 not attempted. 1 failed: Server error (HTTP 503)."
        );
    }

    #[test]
    fn the_summary_names_filtered_and_server_counts() {
        assert_eq!(jobs_summary(1, 1, Some(1)), "1 job");
        assert_eq!(jobs_summary(200, 12, None), "12 of 200 jobs shown");
        assert_eq!(
            jobs_summary(200, 200, Some(1500)),
            "200 jobs · the server reports 1,500 in all"
        );
    }

    #[test]
    fn freshness_says_stale_and_when_the_next_try_is() {
        let now = 1_000_000;
        assert_eq!(freshness(None, None, None, now), None);
        assert_eq!(
            freshness(Some(now - 5_000), None, None, now).unwrap(),
            "Updated 5 s ago"
        );
        let stale = freshness(
            Some(now - 60_000),
            Some(now - 30_000),
            Some(now + 4_000),
            now,
        );
        assert_eq!(
            stale.unwrap(),
            "Stale: refreshes failing since 30 s ago; showing data from 1 m ago; next try in 4 s"
        );
        assert_eq!(
            freshness(None, Some(now), Some(now + 2_000), now).unwrap(),
            "Not loaded yet; next try in 2 s"
        );
    }

    #[test]
    fn intervals_read_as_people_say_them() {
        assert_eq!(interval_label(60_000), "every minute");
        assert_eq!(interval_label(5_000), "every 5 s");
        assert_eq!(interval_label(2_500), "every 2.5 s");
    }

    #[test]
    fn estimates_and_grid_notes_count_in_words() {
        assert_eq!(export_estimate(1, 50), "1 page, one request each.");
        assert_eq!(export_estimate(50, 50), "50 pages, one request each.");
        let long = export_estimate(120, 50);
        assert!(
            long.starts_with("120 pages, one request each: about 3 minutes"),
            "{long}"
        );
        assert_eq!(grid_note(1000, 1000, 0), "");
        assert_eq!(
            grid_note(3, 1000, 1),
            "3 of 1,000 hits on this page match the filter. 1 new hit arrived while you were here."
        );
    }

    #[test]
    fn a_jobs_hits_show_progress_and_gaps() {
        let mut job = Job::default();
        assert_eq!(job_hits(&job), "— hits");
        job.hits_done = Some(10);
        assert_eq!(job_hits(&job), "10 / — hits");
        job.total_hits = Some(2000);
        assert_eq!(job_hits(&job), "10 / 2,000 hits");
        job.hits_done = Some(2000);
        assert_eq!(job_hits(&job), "2,000 hits");
        assert!(stage_note(&Stage::Running).is_some());
        assert_eq!(stage_note(&Stage::Success), None);
    }

    #[test]
    fn top_times_read_as_dates() {
        assert_eq!(
            top_value("Time", "1747735585000", 120),
            "2025-05-20 12:06:25"
        );
        assert_eq!(top_value("Time", "soon", 0), "soon");
        assert_eq!(top_value("PID", "1747735585000", 0), "1747735585000");
    }
}
