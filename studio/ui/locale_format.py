"""The user's locale (the `ui.locale` setting) applied to the window and the host view.

`apply_locale` makes it Qt's default locale (QLocale.setDefault), so every number the
UI formats through QLocale() follows it, and installs Qt's own translations of its
standard dialogs and buttons (qtbase_xx.qm from QLibraryInfo's translations path) when
Qt ships them. The studio's own strings are English.

Prices are formatted exactly as the on-air card formats them
(studio.core.graphics.formatting.format_money: the currency's usual symbol, placed and
separated the locale's way: `$129.00` in en_US, `129,00 $` in fr_FR). A price that names no
currency is in the shop's (the `store.currency` setting, given to `apply_locale`).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from studio.core.graphics.formatting import format_money

SYSTEM = "system"
_shop_currency = {"code": ""}     # set with the locale, for the whole application as QLocale's default is
# Qt's catalogues: its widgets' strings (qtbase covers QMessageBox, QDialogButtonBox, QFileDialog...)
QT_CATALOGUES = ("qtbase",)


def locale_for(name: str) -> QLocale:
    """`system`: the user's; a system with no locale chosen (C, POSIX: containers, CI) reads as en_US."""
    return _chosen(QLocale.system()) if name == SYSTEM else QLocale(name)


def _chosen(locale: QLocale) -> QLocale:
    return QLocale("en_US") if locale.language() == QLocale.Language.C else locale


def current() -> QLocale:
    """The default locale (apply_locale), C read as en_US."""
    return _chosen(QLocale())


def apply_locale(app: QCoreApplication, name: str, shop_currency: str = "") -> list[QTranslator]:
    """Sets the default locale (and the shop's currency, for prices that name none) and installs Qt's
    translations for it; returns the translators installed (kept on the app, which needs them alive).
    English, or a language Qt has no catalogue for, installs none."""
    locale = locale_for(name)
    QLocale.setDefault(locale)
    _shop_currency["code"] = shop_currency
    for old in getattr(app, "_studio_translators", []):
        app.removeTranslator(old)
    installed = []
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalogue in QT_CATALOGUES:
        translator = QTranslator(app)
        if translator.load(locale, catalogue, "_", folder) and app.installTranslator(translator):
            installed.append(translator)
    app._studio_translators = installed
    return installed


def money(price, currency: str) -> str:
    """A price (a decimal string as the catalog keeps it) in the default locale, in `currency` or else the
    shop's; unreadable: as given."""
    currency = currency or _shop_currency["code"]
    try:
        amount = Decimal(str(price))
    except (InvalidOperation, ValueError):
        return f"{price} {currency}".strip()
    if not amount.is_finite() or not currency:
        return f"{price} {currency}".strip()
    return format_money(amount, currency, current())


def number(value: float, decimals: int = 0) -> str:
    return current().toString(float(value), "f", decimals)


def integer(value: int) -> str:
    return current().toString(int(value))
