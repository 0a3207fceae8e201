"""Graphics drawn with Qt's QtGui. PySide6 is loaded here first, without its per-import source scan."""

from studio.qt_source_scan import skip_qt_source_scan

skip_qt_source_scan()
