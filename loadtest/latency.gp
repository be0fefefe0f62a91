# The latency percentiles of run-bench as an SVG (gnuplot -e "data=...; output=...").
set terminal svg size 800,520 dynamic font "sans,12"
set output output
set title "echo, end to end (µs, log scale)"
set ylabel "latency (µs)"
set xlabel "percentile"
set logscale y
set grid ytics mytics
set key below horizontal maxcols 3
set offsets 0.15, 0.15, 0, 0
set datafile missing "NaN"
plot data using 0:2:xtic(1) with linespoints lw 2 title "warm (emberd)", \
     ''   using 0:3 with linespoints lw 2 title "cold (new VM per call)", \
     ''   using 0:4 with linespoints lw 2 title "process per request", \
     ''   using 0:5 with linespoints lw 2 dt 2 title "HTTP alone (no work)", \
     ''   using 0:6 with points pt 7 ps 1.5 title "floor: call + restore, no HTTP"
