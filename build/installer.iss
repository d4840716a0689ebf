; Inno Setup script: per-user install (no administrator rights), Start-menu entry,
; optional desktop icon, clean uninstall.  Built by the Windows CI workflow:
;   iscc /DAppVersion=0.1.0 build\installer.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6B1E3C2A-6F0B-4E51-9C5E-3B7A1D0E9F21}
AppName=Interlock Assist
AppVersion={#AppVersion}
AppPublisher=Interlock Assist
DefaultDirName={localappdata}\Programs\Interlock Assist
DefaultGroupName=Interlock Assist
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
DisableProgramGroupPage=yes
OutputDir=..\dist\installer
OutputBaseFilename=InterlockAssist-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\interlock-assist.exe
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "..\dist\interlock-assist\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Interlock Assist"; Filename: "{app}\interlock-assist.exe"
Name: "{userdesktop}\Interlock Assist"; Filename: "{app}\interlock-assist.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\interlock-assist.exe"; Description: "{cm:LaunchProgram,Interlock Assist}"; Flags: nowait postinstall skipifsilent
