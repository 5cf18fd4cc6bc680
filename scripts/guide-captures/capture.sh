#!/bin/bash
# Retakes every capture used in docs/counselors-guide.md into $OUT, from the current binary.
#   bash capture.sh            every scenario, in order, from a clean $RUN
#   bash capture.sh s1 s2 ...  only those scenarios (for checking one part; $RUN is kept)
# Then: python3 fill.py (with the same OUT) rebuilds docs/counselors-guide.md from
# counselors-guide.tmpl.md. Build first: swift build  (or set BIN=/path/to/csec-guide, for
# example a build of a clean checkout of HEAD). Every new case is answered with the passphrase
# $PASS below; every time is Pacific time (TZ below).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
OUT=${OUT:-/tmp/csec-guide-captures}
S="tmux -L csecdocs"
BIN=${BIN:-$ROOT/.build/debug/csec-guide}
RUN=/tmp/docs-run
PASS="correct horse battery"
# The counselor is in California: the guide shows and reads times in the zone it runs in (TZ, or
# the administrator's time-zone setting), so the captures, the typed times and fill.py's values
# all use Pacific time.
export TZ=America/Los_Angeles
start() {
  $S kill-server 2>/dev/null; sleep 0.2
  $S new-session -d -s w -x ${W:-80} -y ${H:-24} "cd $RUN && env TZ=$TZ ${ENVV:-TERM=xterm-256color LANG=C.UTF-8} HOME=$RUN $BIN $*"
}
cap() { $S capture-pane -p -t w | sed 's/[[:space:]]*$//'; }
waitfor() { for i in $(seq 1 100); do cap | grep -qF -- "$1" && return 0; sleep 0.1; done; echo "TIMEOUT waiting for: $1" >&2; cap >&2; exit 1; }
waitany() { for i in $(seq 1 100); do for t in "$@"; do cap | grep -qF -- "$t" && return 0; done; sleep 0.1; done; echo "TIMEOUT waiting for one of: $*" >&2; cap >&2; exit 1; }
k() { $S send-keys -t w "$@"; }
lit() { $S send-keys -t w -l -- "$1"; }
fs() { sleep 0.35; cap > "$OUT/$1.txt"; echo "captured $1"; }
# Answers the passphrase form of a new case and waits for the draft to be ready.
passphrase() { waitfor "Set a passphrase for this case"; lit "$PASS"; k Tab; lit "$PASS"; k C-d; waitfor "saved as you go"; }
# Answers the question asked on entering a pathway with a report step: when the information was
# received. The box holds the time it was asked (Enter records it); $1, if given, replaces it.
received() { waitfor "When was the information received?"; if [ -n "${1:-}" ]; then k C-u; lit "$1"; fi; k Enter; }
# q, and y if the guide asks.
quit() { k q; sleep 0.4; if cap | grep -qF "Quit now?"; then k y; fi; sleep 0.6; }
# A shell in the window, as a counselor would have it.
shell() { # $1 = TERM, $2 = locale settings
  $S kill-server 2>/dev/null; sleep 0.5
  $S new-session -d -s w -x 80 -y 24 "cd $RUN && env -i PATH=$(dirname $BIN):/usr/bin:/bin TERM=$1 $2 TZ=$TZ HOME=$RUN PS1='\$ ' bash --norc --noprofile -i"
  sleep 0.8
}
hm() { date -d "-$1 minutes" +%H:%M; }   # a clock time some minutes ago
dm() { date -d "-$1 minutes" '+%F %H:%M'; }   # the same with its date
# T1: the at-risk phone report; T0: the student's disclosure (the information received for the
# suspected-victim pathway); T2, T3: the calls after it; T4: the written report sent.
T1=$(hm 95); T0=$(hm 50); T2=$(hm 40); T3=$(hm 25); T4=$(hm 10)

# ---- S1: the main case, San Mateo, 2025-031
s1() {
shell xterm-256color "LANG=C.UTF-8"
lit "csec-guide"; k Enter
waitfor "Which protocol"; fs a01-start
k '?'; waitfor "Keys on every screen"; fs h01-help-start; k Escape; waitfor "Which protocol"
k Enter; waitfor "Set a passphrase for this case"; fs a01b-passphrase
lit "horse"; k Tab; lit "horse"; k C-d; waitfor "at least 8"; fs a01c-passphrase-short
k C-u; k BTab; k C-u; lit "$PASS"; k Tab; lit "$PASS"; k C-d
waitfor "saved as you go"; fs a02-situation
k i; waitfor "REFERENCE"; fs a02b-reference; k Escape; waitfor "What is the situation"
k r; waitfor "Reference (needed)"; lit "2025-031"; fs a03-reference
k C-d; waitfor "ref 2025-031"
k 5; sleep 0.3; fs a03b-digit-moves
k Enter; waitfor "Determination"; fs a04-screening
k Down Down Down; k Space; waitfor "1 of 5 indicators"; fs a05-one-marked
k Down Down; k Space; waitfor "concern met"; fs a06-met
k G; waitfor "> Record this determination"; fs a07-record-line
k Enter; waitfor "Step 1 of 4"; fs a08-step1
k Escape; waitfor "This is the first step"; fs a08b-first-step
k C-g; waitfor "Locked"; lit "corr"; fs l01-lock
k C-u; lit "$PASS"; k Enter; waitfor "Step 1 of 4"; sleep 2
k c; waitfor "Record a call"; fs a09-call-form
k Tab; lit "A. Rivera, intake screener"; k Tab; lit "4471"; k Tab; lit "R-2025-118"
k Tab; k C-u; lit "$T1"; k Tab; k 1; k Tab
lit "Took the report on the at-risk screening; will assign for follow-up."
fs a10-call-filled
k BTab; sleep 0.2; fs a10b-call-outcome
k C-d; waitfor "Step 1 of 4"
k Down Down Down Down; fs a11-step1-call
k Up Up Up Up
k d; waitfor "Step 1 done"; lit "Phone report made after the screening (see the call)."; k Tab; lit "R-2025-118"; fs a12-done-form
k C-d; waitfor "Step 2 of 4"; fs a13-step2
k a; waitfor "Note on step 2"; fs a13b-note-empty
lit "Met with the student in the counseling office, 11:15-11:45."; k Enter
lit "Student agreed to a weekly check-in on Mondays Tuesdays"; k C-w; lit "with me."; k Enter
$S set-buffer -b p "Pasted from my calendar: next check-in Monday 08:15.
Attendance office to send me the weekly absence list."
$S paste-buffer -p -b p -t w
waitfor "absence list"; fs a14-note
k C-d; waitfor "Note ("; fs a15-step2-note
k d; waitfor "Step 2 done"; k C-d; waitfor "Step 3 of 4"
k 2; waitfor "Step 2 of 4"; fs a16-step2-done
k d; waitfor "already marked"; fs a16b-already-marked
k u; waitfor "Reopen step 2"; lit "Marked done too early: the meeting was cut short; a second one is planned."; fs a17-reopen
k C-d; waitfor "1 done, 0 n/a, 3 pending"; fs a18-step2-reopened
k 3; waitfor "Step 3 of 4"; k x; waitfor "does not apply"; k C-d; waitfor "is needed"; fs a19-na-required
lit "The student already has an action plan with the school social worker; it is not duplicated."; fs a20-na-filled
k C-d; waitfor "Step 4 of 4"; fs a21-step4
k '?'; waitfor "On this screen"; fs h02-help-step; k Escape; waitfor "Step 4 of 4"
k e; waitfor "Escalate the case"; fs a21b-escalate-empty; k 2; k Tab
lit "The student disclosed that an older adult gives her gifts and rides in exchange for 'favors' and controls her phone."
fs a22-escalate
k C-d; waitfor "When was the information received?"; fs a22b-received
k C-u; lit "$T0"; fs a22c-received-typed; k Enter; waitfor "Step 1 of 7"; fs a23-sv-step1
k q; waitfor "Quit now?"; fs a23b-quit-step; k x; sleep 0.3
k c; waitfor "Record a call"; k C-u; lit "County Sheriff's Office, non-emergency line"; k Tab; lit "Desk deputy"; k Tab; lit "2210"
k Tab; k Tab; k C-u; lit "$T2"; k Tab; k 2; k Tab
lit "Deputy said to make the Child Welfare report first, then call back with its referral number."
k BTab; sleep 0.2; fs a24-call-declined
k C-d; waitfor "Step 1 of 7"; k Down Down Down; fs a25-sv-step1-call
k Up Up Up; k Right; waitfor "Step 2 of 7"; fs a26-sv-step2
k c; waitfor "Record a call"; k Tab; lit "A. Rivera, intake screener"; k Tab; lit "4471"; k Tab; lit "R-2025-131"
k Tab; k C-u; lit "$T3"; k Tab; k 1; k Tab; lit "Report on the disclosure; linked to R-2025-118."
k C-d; waitfor "Step 2 of 7"
k d; waitfor "Step 2 done"; k Tab; lit "R-2025-131"; k C-d; waitfor "Step 3 of 7"; fs a27-sv-step3
k e; waitfor "Escalate the case"; fs a27b-escalate-upwards
k Escape; waitfor "Step 3 of 7"
k 4; waitfor "Step 4 of 7"; fs a27c-sv-step4; k 3; waitfor "Step 3 of 7"
k m; waitfor "Mandated reporter's name"; fs a28-report-top
k Enter; waitfor "Type what you know"; fs a29-field-form
# Saving a field moves to the next one.
lit "Pat Example"; k C-d; waitfor "Enter edit"
k Enter; waitfor "Type what you know"; lit "Example High School, 100 School Way, Example City, CA"; k C-d; waitfor "Enter edit"
k Enter; waitfor "Type what you know"; lit "650-555-0142"; k C-d; waitfor "Enter edit"
k Enter; waitfor "Type my own answer"; k 5; fs a30-capacity; k C-d; waitfor "Enter edit"
k Enter; waitfor "Type what you know"
lit "The student's own disclosure to me today: an older adult gives her gifts and rides in exchange for 'favors' and controls her phone."; k Enter
lit "At-risk screening today: running away or unstable housing; frequently truant."
k C-d; waitfor "Enter edit"
k Enter; waitfor "Type what you know"; lit "[as in the student record]"; k C-d; waitfor "Enter edit"
k Enter; waitfor "Type what you know"; lit "At school, counseling office"; k C-d; waitfor "Enter edit"
k Enter; waitfor "Type what you know"; lit "Example High School, grade 10, homeroom 214"; k C-d; waitfor "Enter edit"
k u; sleep 0.2; k Down; k u; sleep 0.2
fs a31-report-unknown
k Down; sleep 0.2; k Enter; waitfor "Decision on the report"; fs a31b-decision-form
k C-d; waitfor "a report is being made"; k G; sleep 0.2; fs a32-decision-yes
k w; waitfor "Written report sent at"; lit "$T4"; k Tab; lit "SS 8572, confirmation 77812"; fs a33-written-form
k C-d; waitfor "sent 20"; fs a34-written-sent
k '?'; waitfor "On this screen"; fs h03-help-report; k Escape; sleep 0.3
k Escape; waitfor "Step 3 of 7"
k f; waitfor "Review the summary"; fs a35-review-top
for i in $(seq 1 8); do k PageDown; done
for i in $(seq 1 40); do cap | sed -n 3,6p | grep -qF "Still pending" && break; k Down; sleep 0.05; done; fs a36a-review-pending
for i in $(seq 1 4); do k PageDown; done; fs a36-review-report
k s; waitfor "Export the summary"; fs a37-export
k C-d; waitfor "Saved to"; fs a38-saved
( cd $RUN && ls -l csec-summary-* ) > "$OUT/a38b-ls.txt"
k f; waitfor "Before you finish"; fs a39-finish-confirm
k y; waitfor "Summary (finished)"; fs a40-finished
k Escape; waitfor "cannot change"; fs a41-finished-esc
k q; waitfor "Quit now?"; fs a42-quit-confirm
k x; sleep 0.3
k s; waitfor "Export the summary"; k C-d; waitfor "Saved to"; fs a43-saved-again
( cd $RUN && ls -l csec-summary-* ) > "$OUT/a43b-ls.txt"
k q; waitfor "draft was deleted"; fs a44-after-finished-quit
cat $RUN/.local/state/csec-guide/last-protocol > "$OUT/last-protocol-1.txt"
cp $RUN/csec-summary-*.txt $RUN/csec-summary-*.md $RUN/csec-summary-*.json "$OUT/" 2>/dev/null
}

# ---- S2: Orange County, screening not met, 2025-044
s2() {
start
waitfor "Which protocol"; k Down; k Enter; passphrase; fs b01-oc-situation
k r; waitfor "Reference (needed)"; lit "2025-044"; k C-d; waitfor "ref 2025-044"
k 5; k Enter; waitfor "Determination"; k Down Down Down Down; k Space; waitfor "1 of 5 factors"; fs b02-one-factor
k Escape; waitfor "Enter select"; fs b02a-left-screening; k Enter; waitfor "Determination"; fs b02b-back-in-screening
k c; waitfor "At-risk criteria not met"; fs b03-notmet-form
k C-d; waitfor "is needed"; fs b04-required
lit "Only one factor (a past probation contact). Teachers and the nurse report no other concern."; k Enter
lit "Decided: monthly check-in with me; screen again if attendance drops or anything new comes up."
fs b05-filled
k C-c; waitfor "Quit now?"; fs b05b-ctrlc-in-form
k n; waitfor "At-risk criteria not met"; fs b05c-back-in-form
k C-d; waitfor "Screening recorded"; fs b06-after
k Escape; sleep 0.3; fs b06b-esc
k f; waitfor "Review the summary"; k PageDown PageDown PageDown; fs b07-review
k C-c; waitfor "Quit now?"; fs b08-ctrlc
k y; sleep 0.6
cat $RUN/.local/state/csec-guide/last-protocol > "$OUT/last-protocol-2.txt"
}

# ---- S3: Orange County again (remembered), confirmed victim: not covered, 2025-052
s3() {
start
waitfor "Which protocol"; fs c01-start-remembered
k Enter; passphrase; k r; waitfor "Reference (needed)"; lit "2025-052"; k C-d; waitfor "ref 2025-052"
k 4; k Enter; waitfor "does not cover"; fs c02-not-covered
k Down; k Enter; waitfor "is not covered by this protocol. Choose another"; fs c03-choose-another
k Escape; waitfor "does not cover"; k Up; k Enter; received; waitfor "Step 1 of 6"; fs c04-closest-step1
k u; waitfor "nothing to reopen"; fs c05-nothing-to-reopen
k c; waitfor "Record a call"; k Tab Tab Tab
$S set-buffer -b p "R-2025-140
(copied with the next line by mistake)"
$S paste-buffer -p -b p -t w; sleep 0.3; fs c05b-paste-oneline
k Tab; k C-u; lit "9.40"; k C-d; waitfor "Type the time as"; fs c06-bad-time
k Escape; waitfor "Discard what you typed"; fs c07-discard; k y; waitfor "Step 1 of 6"
k e; sleep 0.3; fs c08-escalate-top
quit
}

# ---- S4: --protocol sro-model, decision not to report, 2025-060
s4() {
start --protocol sro-model
passphrase; fs d01-sro-situation
k r; waitfor "Reference (needed)"; lit "2025-060"; k C-d; waitfor "ref 2025-060"
k 2; k Enter; waitfor "Step 1 of 5"; fs d02-sro-step1
k d; waitfor "Step 1 done"; lit "SRO told in person; the SRO spoke with both students."; k Tab; lit "SRO incident 25-0917"; k C-d; waitfor "Step 2 of 5"
k m; received "$(hm 120)"; waitfor "Mandated reporter"; k G; k n; waitfor "Decision not to make a report"
lit "The SRO found the concern was a rumour; no child is suspected to be abused or exploited."; k Enter
lit "Decided with the principal after consulting the district's counsel; reopen if anything new comes up."
fs d03-not-report
k C-d; waitfor "no report is made"; fs d04-decision-no
k w; waitfor "record that a report"; fs d05-w-after-no
quit
cat $RUN/.local/state/csec-guide/last-protocol > "$OUT/last-protocol-4.txt"
}

# ---- S9: San Mateo, suspected victim, finished with the written report still to send, 2025-067
# (s10 lists its draft, resumes it and marks the written report sent)
s9() {
start --protocol san-mateo
passphrase; k r; waitfor "Reference (needed)"; lit "2025-067"; k C-d; waitfor "ref 2025-067"
k 3; k Enter; received "$(dm 200)"; waitfor "Step 1 of 7"
k 2; waitfor "Step 2 of 7"; k c; waitfor "Record a call"; k Tab; lit "M. Lopez, intake screener"; k Tab; k Tab; lit "R-2025-150"
k Tab; k C-u; lit "$(dm 170)"; k Tab; k 1; k C-d; waitfor "Phone report made"
k d; waitfor "Step 2 done"; k Tab; lit "R-2025-150"; k C-d; waitfor "Step 3 of 7"
k m; waitfor "Mandated reporter's name"; k y; waitfor "Recorded: a report is being made"
k f; waitfor "Review the summary"; k f; waitfor "Before you finish"; fs p01-finish-anyway
k y; waitfor "Summary (finished)"; fs p02-finished-pending
k s; waitfor "Export the summary"; k C-d; waitfor "Saved to"
k q; sleep 1
$S has-session -t w 2>/dev/null && { echo "STILL RUNNING after q (s9)" >&2; cap >&2; }
}

# ---- S10: the drafts and resuming
s10() {
( cd $RUN && HOME=$RUN $BIN drafts list ) > "$OUT/r00-drafts-list.txt" 2>&1
start resume --idle-lock-minutes 1
waitfor "Which case do you want to continue"; fs r01-resume-list
n=$(cap | grep -o '[0-9]\. Case 2025-044' | head -1 | cut -c1); k "$n"; sleep 0.2
k Enter; waitfor "Resume case 2025-044"; lit "correct horse"; sleep 0.3; fs r02-resume-passphrase
k Enter; waitfor "Cannot open this draft"; fs r02b-resume-wrong
k Enter; waitfor "Resume case 2025-044"; lit "$PASS"; k C-d; waitfor "Resumed where the case stopped"; fs r03-resumed
sleep 62; waitfor "Locked after"; fs l02-idle-lock
lit "$PASS"; k Enter; waitfor "ref 2025-044"
k f; waitfor "Review the summary"; k s; waitfor "Export the summary"; k Tab; k 2; sleep 0.2; fs r04-export-print
k C-d; waitfor "will be printed"; fs r05-print-status
k q; sleep 1
$S has-session -t w 2>/dev/null && echo "STILL RUNNING after q" >&2
id=$(cd $RUN && HOME=$RUN $BIN drafts list | awk '$2=="2025-044"{print $1}')
echo "$PASS" | ( cd $RUN && HOME=$RUN $BIN drafts verify "$id" --passphrase-stdin ) > "$OUT/r06-verify.txt" 2>&1

# The finished case whose written report is pending (s9): it opens on the report screen.
start resume
waitfor "Which case do you want to continue"
n=$(cap | grep -o '[0-9]\. Case 2025-067' | head -1 | cut -c1); k "$n"; sleep 0.2
k Enter; waitfor "Resume case 2025-067"; lit "$PASS"; k C-d; waitfor "Resumed where the case stopped"; fs p03-resumed-pending
k c; waitfor "Close the case"; fs p04-close-form; k Escape; waitfor "c close case"
k w; waitfor "Written report sent at"; lit "$(dm 5)"; k Tab; lit "SS 8572, confirmation 80114"; fs p05-sent-form
k C-d; waitfor "Written report marked sent"; fs p06-sent
k f; waitfor "Summary (finished)"; k s; waitfor "Export the summary"; k C-d; waitfor "Saved to"
k q; sleep 1
$S has-session -t w 2>/dev/null && { echo "STILL RUNNING after q (2025-067)" >&2; cap >&2; }
( cd $RUN && HOME=$RUN $BIN drafts list ) > "$OUT/p07-drafts-list-after.txt" 2>&1

# Three wrong passphrases on the lock screen (case 2025-052), in a shell to see what is left.
shell xterm-256color "LANG=C.UTF-8"
lit "csec-guide resume"; k Enter; waitfor "Which case do you want to continue"
n=$(cap | grep -o '[0-9]\. Case 2025-052' | head -1 | cut -c1); k "$n"; sleep 0.2
k Enter; waitfor "Resume case 2025-052"; lit "$PASS"; k C-d; waitfor "Resumed where the case stopped"
k C-g; waitfor "Locked"
for w in "horse battery" "correct horse" "battery staple"; do lit "$w"; k Enter; sleep 4; done
waitfor "three wrong passphrases"; fs l03-three-wrong
$S kill-server 2>/dev/null
}

# ---- S5: --protocol us-ed-sample
s5() {
start --protocol us-ed-sample
passphrase; fs e01-used-situation
k 5; k Enter; waitfor "Determination"; fs e05-used-screening
k Space; k Down Down; k Space; waitfor "2 observations"; k c; waitfor "Record the observations"; fs e06-used-observations
k C-d; waitfor "Screening recorded"
k 3; k Enter; waitfor "Step 1 of 4"; fs e02-used-step1
k m; waitfor "carries no report form"; fs e03-used-decision
k Enter; waitfor "Decision on the report"; fs e03b-used-decision-form
k Escape; sleep 0.3; k Escape; sleep 0.3; k 4; waitfor "Step 4 of 4"; fs e04-used-step4
quit
}

# ---- S6: small windows
s6() {
W=50 H=15 start --protocol san-mateo
waitfor "Please enlarge"; fs f01-too-small
$S resize-window -t w -x 60 -y 18
# Started with --protocol in a window too small, the case's passphrase form comes once enlarged.
passphrase; k 3; k Enter; received; waitfor "Step 1 of 7"; k 4; waitfor "Step 4 of 7"; fs f02-60x18
quit
}

# ---- S7: monochrome / ASCII
s7() {
ENVV="TERM=vt100 LANG=C LC_ALL=C" start --protocol san-mateo
waitfor "Set a passphrase"; fs g00-vt100-passphrase
lit "$PASS"; k Tab; lit "$PASS"; k C-d; waitfor "saved as you go"
k 3; k Enter; received; waitfor "Step 1 of 7"; k 4; waitfor "Step 4 of 7"; fs g01-vt100-step
k C-g; waitfor "Locked"; lit "abc"; fs g02-vt100-lock
k C-u; lit "$PASS"; k Enter; waitfor "Step 4 of 7"; sleep 2
quit
}

# ---- S8/S9: what is left on the terminal after quitting (in a shell): xterm, then vt100
s8() {
shell xterm-256color "LANG=C.UTF-8"
lit "csec-guide --protocol san-mateo"; k Enter
passphrase; k 3; k Enter; received; waitfor "Step 1 of 7"
k f; waitfor "Review the summary"; for i in 1 2 3 4 5 6; do k PageDown; sleep 0.2; done
k q; waitfor "Quit now?"; k y; sleep 0.8
fs s01-after-quit
$S capture-pane -p -S -300 -t w | sed 's/[[:space:]]*$//' | grep -v '^$' > "$OUT/s01-scrollback.txt"
shell vt100 "LANG=C LC_ALL=C"
lit "csec-guide --protocol san-mateo"; k Enter
passphrase; k 3; k Enter; received; waitfor "Step 1 of 7"
k f; waitfor "Review the summary"; for i in 1 2 3 4 5 6; do k PageDown; sleep 0.2; done
k q; waitfor "Quit now?"; k y; sleep 0.8
fs s02-after-quit-vt100
$S capture-pane -p -S -300 -t w | sed 's/[[:space:]]*$//' | grep -v '^$' > "$OUT/s02-scrollback-vt100.txt"
$S kill-server 2>/dev/null
}

if [ $# -eq 0 ]; then
  rm -rf "$OUT" "$RUN"; mkdir -p "$OUT" "$RUN"
  # The times typed in the main case, with their dates, for the prose (fill.py reads them).
  { echo "T0=$(dm 50)"; echo "T1=$(dm 95)"; echo "T2=$(dm 40)"; echo "T3=$(dm 25)"; echo "T4=$(dm 10)"; } > "$OUT/times.txt"
  # The order matters: s2 and s3 rely on the protocol remembered by s1 and s2, and s10 lists
  # the drafts of s1-s4 and s9 only (s5-s8 start more cases).
  set -- s1 s2 s3 s4 s9 s10 s5 s6 s7 s8
else
  mkdir -p "$OUT" "$RUN"
fi
for section in "$@"; do "$section"; done
$S kill-server 2>/dev/null
rm -f "$RUN/.bash_history"
echo done-all
