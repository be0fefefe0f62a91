# loadtest/soak's samples: emberd's RSS and open fds over the run, and the
# calls made (right axis). gnuplot -e "data='soak.csv'; output='soak.svg'" soak.gp
set terminal svg size 900,480 dynamic font "sans,11"
set output output
set datafile separator ","
set key autotitle columnhead top left
set xlabel "seconds"
set ylabel "RSS (MiB), open fds, threads"
set y2label "calls made"
set ytics nomirror
set y2tics
set yrange [0:*]
set y2range [0:*]
set grid
plot data using "seconds":"rss_mib" with lines lw 2 title "RSS (MiB)", \
     data using "seconds":"fds" with lines lw 2 title "open fds", \
     data using "seconds":"threads" with lines title "threads", \
     data using "seconds":"calls" axes x1y2 with lines dt 2 title "calls"
