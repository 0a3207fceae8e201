"""The relay: one stream from the studio, fanned out to every platform by nginx-rtmp on a VM.

`nginx_config` writes the relay's files (`studio relay config`); `stat` reads its statistics page;
`poller` is the small process that polls that page for a running studio (the engine never talks to
the network itself: it reads the poller's lines).
"""
