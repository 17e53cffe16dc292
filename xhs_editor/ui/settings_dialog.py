"""The Settings dialog: language, font size, the claim tagger, category toggles and the user's rules folder."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGroupBox, QHBoxLayout,
                               QLabel, QListWidget, QListWidgetItem, QPushButton, QSpinBox, QVBoxLayout, QWidget)

from ..engine import RuleSet, user_rules_dir
from .i18n import language, tr
from .settings import string_list
from .sidebar import color_chip


class SettingsDialog(QDialog):
    """Edits the settings; on OK they are written to ``settings`` (the caller applies them).

    Category toggles, font size and the claim tagger apply at once; a language change applies on restart.
    """

    def __init__(self, settings: QSettings, ruleset: RuleSet, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setWindowTitle(tr("settings.title"))
        self._settings = settings
        lang = language()

        self.language_box = QComboBox(objectName="languageBox")
        self.language_box.addItem(tr("settings.lang_system"), "")
        self.language_box.addItem("简体中文", "zh")
        self.language_box.addItem("English", "en")
        current = str(settings.value("language", "") or "")
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(current)))
        self.font_size = QSpinBox(objectName="fontSizeBox")
        self.font_size.setRange(0, 48)
        self.font_size.setSpecialValueText(tr("settings.font_default"))
        self.font_size.setValue(int(settings.value("font_size", 0) or 0))

        self.use_model = QCheckBox(tr("settings.use_model"), objectName="useModelBox")
        self.use_model.setChecked(bool(settings.value("use_model", True, type=bool)))
        self.use_model.setToolTip(tr("settings.use_model_hint"))

        form = QFormLayout()
        form.addRow(tr("settings.language"), self.language_box)
        form.addRow("", QLabel(tr("settings.language_restart")))
        form.addRow(tr("settings.font_size"), self.font_size)
        form.addRow("", self.use_model)

        hidden = set(string_list(settings, "hidden_categories"))
        self.categories = QListWidget(objectName="categoryList")
        for cid, cat in ruleset.categories.items():
            item = QListWidgetItem(color_chip(cat.color), f"{cat.name.get(lang)} — {cat.description.get(lang)}")
            item.setData(Qt.ItemDataRole.UserRole, cid)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked if cid in hidden else Qt.CheckState.Checked)
            self.categories.addItem(item)
        cats = QGroupBox(tr("settings.categories"))
        QVBoxLayout(cats).addWidget(self.categories)

        folder = user_rules_dir()
        rules = QGroupBox(tr("settings.rules_folder"))
        path_label = QLabel(str(folder), objectName="rulesFolderLabel")
        path_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        path_label.setWordWrap(True)
        open_button = QPushButton(tr("settings.open_folder"))
        open_button.clicked.connect(self.open_rules_folder)
        row = QHBoxLayout(rules)
        row.addWidget(path_label, 1)
        row.addWidget(open_button)
        hint = QLabel(tr("settings.rules_hint"))
        hint.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("button.ok"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(tr("button.cancel"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(cats, 1)
        layout.addWidget(rules)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(560, 560)

    @staticmethod
    def open_rules_folder() -> None:
        """Open the user's rules folder in the file manager (creating it first)."""
        folder = user_rules_dir()
        folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    def accept(self) -> None:
        """Write the settings, then close."""
        self._settings.setValue("language", self.language_box.currentData())
        self._settings.setValue("font_size", self.font_size.value())
        self._settings.setValue("use_model", self.use_model.isChecked())
        hidden = []
        for i in range(self.categories.count()):
            item = self.categories.item(i)
            if item.checkState() != Qt.CheckState.Checked:
                hidden.append(item.data(Qt.ItemDataRole.UserRole))
        self._settings.setValue("hidden_categories", hidden)
        self._settings.sync()
        super().accept()
