; Inno Setup 6 script (UTF-8 with BOM, for the Spanish texts): machine-wide install by default (Program Files, all users' Start menu),
; per-user install when the person installing has no administrator rights (the auto
; constants follow the mode), Start-menu entry, optional desktop icon, upgrade in place,
; running-copy check, and an uninstaller that keeps the agent's data unless asked.
; Built by .github/workflows/windows.yml:
;   ISCC.exe /DAppVersion=0.1.0 /DAppVersionNumeric=0.1.0.0 [/DSign "/Sia=signtool ... $f"] build\installer.iss
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#ifndef AppVersionNumeric
  #define AppVersionNumeric "0.1.0.0"
#endif

[Setup]
AppId={{6B1E3C2A-6F0B-4E51-9C5E-3B7A1D0E9F21}
AppName=Interlock Assist
AppVersion={#AppVersion}
AppVerName=Interlock Assist {#AppVersion}
AppPublisher=Interlock Assist
VersionInfoVersion={#AppVersionNumeric}
VersionInfoProductVersion={#AppVersionNumeric}
VersionInfoProductTextVersion={#AppVersion}
VersionInfoDescription=Interlock Assist setup
DefaultDirName={autopf}\Interlock Assist
DefaultGroupName=Interlock Assist
DisableProgramGroupPage=yes
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=commandline dialog
; 64-bit build of Python and Qt: refuse 32-bit and Arm-only Windows instead of failing at start.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
; The app holds these named mutexes while it runs (desktop/app_mutex.py): setup and the
; uninstaller ask to close it instead of failing on files in use.
AppMutex=InterlockAssist.Running,Global\InterlockAssist.Running
CloseApplications=yes
OutputDir=..\dist\installer
OutputBaseFilename=InterlockAssist-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\interlock-assist.exe
UninstallDisplayName=Interlock Assist
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The uninstaller's [Code] looks at the uninstalling user's %LOCALAPPDATA% on purpose.
UsedUserAreasWarning=no
#ifdef Sign
; The workflow passes the sign tool command (/Sia=...); the uninstaller is signed too.
SignTool=ia
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[CustomMessages]
english.RemoveUserData=Also remove the local client cache, its backups, the logs and the settings of Interlock Assist from this computer?%n%nChoose No to keep them (for example before reinstalling).
spanish.RemoveUserData=¿Eliminar también de este equipo la caché local de clientes, sus copias de seguridad, los registros y la configuración de Interlock Assist?%n%nElija No para conservarlos (por ejemplo, antes de reinstalar).

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; An upgrade must not keep libraries the new version no longer ships.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "..\dist\interlock-assist\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Interlock Assist"; Filename: "{app}\interlock-assist.exe"
Name: "{autodesktop}\Interlock Assist"; Filename: "{app}\interlock-assist.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\interlock-assist.exe"; Description: "{cm:LaunchProgram,Interlock Assist}"; Flags: nowait postinstall skipifsilent

[Code]
{ The app keeps its cache, backups, logs and settings under %LOCALAPPDATA%\InterlockAssist
  (platformdirs).  They are the agent's data, so the uninstaller keeps them unless the agent
  says otherwise; a silent uninstall always keeps them. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\InterlockAssist');
    if DirExists(DataDir) and not UninstallSilent() then
      if MsgBox(CustomMessage('RemoveUserData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
