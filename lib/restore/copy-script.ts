import { EFS_ROOT_MOUNT, JENKINS_OWNER, RESTORE_ENV, RESTORE_MARKER } from "./contract";

const E = RESTORE_ENV;

/**
 * The copy step of an in-place restore, as a POSIX shell script (busybox/alpine `sh`), run by
 * the restore task definition (lib/constructs/restore/restore-task.ts) with the file-system root mounted at
 * `$EFS_ROOT`. It replaces JENKINS_HOME with the `jenkins-home` directory that AWS Backup
 * restored into `aws-backup-restore_<datetime>`:
 *
 * 1. if JENKINS_HOME's marker already names `$RESTORE_ID`, it exits 0 (re-runs are no-ops);
 * 2. picks the source: `$RESTORE_DIR`, or with `auto` the one restore directory that holds
 *    JENKINS_HOME and whose mtime lies in `[$RESTORE_NOT_BEFORE, $RESTORE_NOT_AFTER]` (the
 *    restore job's run time), and refuses if there is none or more than one;
 * 3. copies it (`cp -a`) into a staging directory next to JENKINS_HOME, sets owner uid/gid
 *    `$JENKINS_UID:$JENKINS_GID` (1000) and mode 0750 (what the access point creates),
 * 4. swaps by two renames: JENKINS_HOME -> `.jenkins-home-before-<id>` (kept for a rollback),
 *    staging -> JENKINS_HOME; then writes the marker.
 *
 * Safe to run again after a failure at any point: an interrupted copy is redone from scratch
 * (JENKINS_HOME is untouched until the swap), and an interrupted swap is completed.
 */
export const COPY_SCRIPT = [
  "set -e",
  'log() { echo "restore: $*"; }',
  'fail() { code=$1; shift; echo "restore: ERROR: $*" >&2; exit "$code"; }',
  // Defaults without shell braces: Terraform would read "$" + "{" in the task definition as interpolation.
  `root=$${E.efsRoot}; [ -n "$root" ] || root=${EFS_ROOT_MOUNT}`,
  `home_dir=$${E.homeDir}; [ -n "$home_dir" ] || home_dir=jenkins-home`,
  `uid=$${E.uid}; [ -n "$uid" ] || uid=${JENKINS_OWNER}`,
  `gid=$${E.gid}; [ -n "$gid" ] || gid=${JENKINS_OWNER}`,
  `id=$${E.id}`,
  `dir=$${E.dir}; [ -n "$dir" ] || dir=auto`,
  `[ -n "$id" ] || fail 2 "${E.id} is not set"`,
  `case "$id/$home_dir" in */*/*|*..*|/*|*/) fail 2 "${E.id} and ${E.homeDir} must be plain names" ;; esac`,
  'home="$root/$home_dir"',
  `marker="$home/${RESTORE_MARKER}"`,
  'staging="$root/.jenkins-restore-staging-$id"',
  'previous="$root/.jenkins-home-before-$id"',
  'if [ -f "$marker" ] && [ "$(cat "$marker")" = "$id" ]; then',
  '  log "JENKINS_HOME already holds restore $id; nothing to do"',
  "  exit 0",
  "fi",
  'if [ "$dir" = auto ]; then',
  `  nb=$${E.notBefore}; na=$${E.notAfter}`,
  `  [ -n "$nb" ] && [ -n "$na" ] || fail 2 "${E.dir}=auto needs ${E.notBefore} and ${E.notAfter}"`,
  '  found=""; n=0; seen=""',
  '  for d in "$root"/aws-backup-restore_*; do',
  '    [ -d "$d/$home_dir" ] || continue',
  '    m=$(stat -c %Y "$d")',
  '    seen="$seen $(basename "$d")@$m"',
  '    if [ "$m" -ge "$nb" ] && [ "$m" -le "$na" ]; then found="$d"; n=$((n + 1)); fi',
  "  done",
  '  [ "$n" -eq 1 ] || fail 3 "found $n restore directories holding $home_dir modified between $nb and $na (candidates:$seen)"',
  '  src="$found/$home_dir"',
  "else",
  `  case "$dir" in aws-backup-restore_*) ;; *) fail 2 "${E.dir} must name an aws-backup-restore_<datetime> directory, got '$dir'" ;; esac`,
  `  case "$dir" in */*|*..*) fail 2 "${E.dir} must be a directory name, not a path" ;; esac`,
  '  src="$root/$dir/$home_dir"',
  "fi",
  '[ -d "$src" ] || fail 3 "$src does not exist"',
  'log "restore $id: source $src"',
  'if [ ! -e "$home" ] && [ -f "$staging/.jenkins-restore-complete" ]; then',
  '  log "completing an interrupted swap"',
  "else",
  '  rm -rf "$staging"',
  '  mkdir "$staging" || fail 4 "cannot create $staging"',
  '  log "copying into $staging"',
  '  cp -a "$src/." "$staging/" || fail 4 "copy failed"',
  '  chown -R "$uid:$gid" "$staging" || fail 4 "chown failed"',
  '  chmod 0750 "$staging"',
  '  touch "$staging/.jenkins-restore-complete"',
  '  if [ -e "$home" ]; then',
  '    rm -rf "$previous"',
  '    mv "$home" "$previous" || fail 4 "cannot move $home aside"',
  '    log "previous JENKINS_HOME kept as $previous"',
  "  fi",
  "fi",
  'mv "$staging" "$home" || fail 4 "cannot move $staging to $home"',
  'rm -f "$home/.jenkins-restore-complete"',
  'echo "$id" > "$marker"',
  'chown "$uid:$gid" "$marker"',
  'log "JENKINS_HOME restored from $src (owner $uid:$gid)"',
  "",
].join("\n");
