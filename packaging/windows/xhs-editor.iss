; Inno Setup 6 script for XHS Editor: XHS-Editor-Setup-<version>.exe with a Start-menu entry and an uninstaller.
; Kept ASCII-only: ISCC reads a script without a byte-order mark in the ANSI code page.
;
; packaging/build.sh calls it on Windows after the PyInstaller build, roughly as
;   ISCC.exe /DAppVersion=0.1.0 /DSourceDir=build\dist\xhs-editor /DIconFile=build\icons\xhs-editor.ico
;            /Obuild\installers packaging\windows\xhs-editor.iss
; The defaults below let it compile by hand from the repository root after a build.

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\build\dist\xhs-editor"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\xhs-editor.ico"
#endif
#define AppName "XHS Editor"
#define AppComment "Compliance editor for XiaoHongShu notes (offline)"
#define AppExe "xhs-editor.exe"

[Setup]
; The AppId identifies the app for upgrades and the uninstaller: never change it.
AppId={{ECA3C1D0-4F97-4C46-A9C9-252A9C0A8477}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=XHS Editor
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} Setup
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Installs for the current user without administrator rights, or for everyone if the user chooses.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputBaseFilename=XHS-Editor-Setup-{#AppVersion}
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "associate"; Description: "Open .xhsnote files with {#AppName}"; GroupDescription: "File types:"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; Comment: "{#AppComment}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Software\Classes\.xhsnote"; ValueType: string; ValueName: ""; ValueData: "XHSEditor.Note"; Flags: uninsdeletevalue; Tasks: associate
Root: HKA; Subkey: "Software\Classes\XHSEditor.Note"; ValueType: string; ValueName: ""; ValueData: "XHS Editor note"; Flags: uninsdeletekey; Tasks: associate
Root: HKA; Subkey: "Software\Classes\XHSEditor.Note\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\{#AppExe},0"; Tasks: associate
Root: HKA; Subkey: "Software\Classes\XHSEditor.Note\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\{#AppExe}"" ""%1"""; Tasks: associate

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent
