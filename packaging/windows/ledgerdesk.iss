; Inno Setup script: a per-user installer for LedgerDesk (no administrator rights asked).
; Built by packaging/windows/build.ps1, which passes AppVersion, SourceDir and, when a certificate
; is configured, a "signtool" sign tool so the uninstaller and the installer are Authenticode-signed.
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\ledgerdesk"
#endif

[Setup]
AppId={{6C0E7A52-3F4B-4C55-9A8E-1D2B7E9C4A10}
AppName=LedgerDesk
AppVersion={#AppVersion}
AppPublisher=LedgerDesk
AppPublisherURL=https://ledgerdesk.invalid
; Per user: installs into %LOCALAPPDATA%\Programs\LedgerDesk, shortcuts in the user's Start menu.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DefaultDirName={autopf}\LedgerDesk
DefaultGroupName=LedgerDesk
DisableProgramGroupPage=yes
UninstallDisplayIcon={app}\ledgerdesk.exe
SetupIconFile=..\icons\ledgerdesk.ico
OutputDir=..\..\dist
OutputBaseFilename=LedgerDesk-{#AppVersion}-setup
Compression=lzma2/normal
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
CloseApplications=yes
ShowLanguageDialog=auto
#ifdef SignTool
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "nl"; MessagesFile: "compiler:Languages\Dutch.isl"
Name: "fr"; MessagesFile: "compiler:Languages\French.isl"
Name: "en"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\LedgerDesk"; Filename: "{app}\ledgerdesk.exe"
Name: "{autodesktop}\LedgerDesk"; Filename: "{app}\ledgerdesk.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\ledgerdesk.exe"; Description: "{cm:LaunchProgram,LedgerDesk}"; Flags: nowait postinstall skipifsilent

; The user's books, backups and logs live in %LOCALAPPDATA%\LedgerDesk and are never removed by the uninstaller.
