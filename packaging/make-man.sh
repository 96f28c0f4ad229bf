#!/usr/bin/env bash
# Writes the man page of `amr` (section 1) from the program's own --help texts, so the page can
# never drift from the code:  make-man.sh AMR_BINARY VERSION > amr.1
set -euo pipefail
amr=$1
version=$2
esc() { sed -e 's/\\/\\e/g' -e 's/^\./\\\&./' -e "s/^'/\\\\\\&'/"; }
commands=$("$amr" --help | awk '/^Subcommands:/{on=1; next} on && /^  [a-z]/{print $1}')
cat <<HEAD
.TH AMR 1 "$(date -u +%Y-%m-%d)" "amr $version" "AMR Studio"
.SH NAME
amr \- weakly supervised semantic segmentation with AMR, from image-level tags to pixel masks
.SH SYNOPSIS
.B amr
[\fB\-\-threads\fR \fIN\fR] \fICOMMAND\fR [\fIOPTIONS\fR]
.br
.B amr
\fICOMMAND\fR \fB\-\-help\fR
.SH DESCRIPTION
.B amr
is the headless front end of AMR Studio. It runs every stage of the pipeline that the desktop
application
.BR amr-studio (1)
runs, with the same engine: checking datasets, training the AMR classifier, computing and
evaluating class activation maps, refining pseudo labels, training DeepLab, and exporting masks
in the PASCAL VOC layout. Long commands show progress on a terminal, stop cleanly on Ctrl-C and
resume when run again.
.SH GLOBAL OPTIONS
.nf
HEAD
"$amr" --help | awk '/^Options:/{on=1; next} /^Subcommands:/{on=0} on' | esc
echo ".fi"
echo ".SH COMMANDS"
for c in $commands; do
    echo ".SS $c"
    echo ".nf"
    "$amr" "$c" --help | esc
    echo ".fi"
done
cat <<TAIL
.SH EXIT STATUS
0 on success, 1 when a command failed or was cancelled (its finished outputs are kept), 2 for a
usage error.
.SH FILES
.TP
.I ~/.cache/amr-studio/weights
ImageNet weights fetched by the setup script.
.TP
.I ~/.cache/amr-studio/demo
The demo dataset made by \fBamr demo-data\fR and \fBamr-studio \-\-demo\fR.
.SH SEE ALSO
.BR amr-studio (1)
and the user guide in /usr/share/doc/amr-studio.
TAIL
