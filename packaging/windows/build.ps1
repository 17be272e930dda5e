# Build the Windows installer: PyInstaller folder -> (sign every binary) -> Inno Setup -> (sign the installer).
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Needs: uv, Inno Setup 6 (ISCC.exe on PATH or in its default folder), and for signing the Windows SDK's
# signtool.exe. Signing happens when LEDGERDESK_SIGN_PFX_BASE64 (a code-signing certificate, .pfx, base64)
# and LEDGERDESK_SIGN_PASSWORD are set; LEDGERDESK_SIGN_TIMESTAMP_URL overrides the RFC 3161 timestamp server.
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..\..")
$start = Get-Date
uv sync --quiet --group packaging
$version = (& uv run --no-sync python -c "import ledgerdesk; print(ledgerdesk.__version__)").Trim()
uv run --no-sync pyinstaller --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller packaging\ledgerdesk.spec
if ($LASTEXITCODE -ne 0) { throw "pyinstaller failed" }

$sign = $env:LEDGERDESK_SIGN_PFX_BASE64 -and $env:LEDGERDESK_SIGN_PASSWORD
$timestamp = if ($env:LEDGERDESK_SIGN_TIMESTAMP_URL) { $env:LEDGERDESK_SIGN_TIMESTAMP_URL } else { "http://timestamp.digicert.com" }
$pfx = Join-Path $env:RUNNER_TEMP "ledgerdesk-sign.pfx"
if (-not $env:RUNNER_TEMP) { $pfx = Join-Path $env:TEMP "ledgerdesk-sign.pfx" }
function Sign-Files([string[]]$files) {
    # Every .exe, .dll and .pyd: Smart App Control and Defender judge each binary, not just the installer.
    for ($i = 0; $i -lt $files.Count; $i += 50) {
        $batch = $files[$i..([Math]::Min($i + 49, $files.Count - 1))]
        & signtool sign /f $pfx /p $env:LEDGERDESK_SIGN_PASSWORD /fd SHA256 /tr $timestamp /td SHA256 /q @batch
        if ($LASTEXITCODE -ne 0) { throw "signtool failed" }
    }
}
if ($sign) {
    [IO.File]::WriteAllBytes($pfx, [Convert]::FromBase64String($env:LEDGERDESK_SIGN_PFX_BASE64))
    $binaries = Get-ChildItem dist\ledgerdesk -Recurse -Include *.exe, *.dll, *.pyd | ForEach-Object FullName
    Sign-Files $binaries
} else {
    Write-Warning "LEDGERDESK_SIGN_PFX_BASE64 / LEDGERDESK_SIGN_PASSWORD not set: building UNSIGNED (Defender and SmartScreen will warn users)"
}

$iscc = (Get-Command ISCC.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
$isccArgs = @("/DAppVersion=$version", "/Qp")
if ($sign) {
    $isccArgs += "/DSignTool"
    $isccArgs += "/Ssigntool=signtool sign /f `"$pfx`" /p $($env:LEDGERDESK_SIGN_PASSWORD) /fd SHA256 /tr $timestamp /td SHA256 `$f"
}
& $iscc @isccArgs packaging\windows\ledgerdesk.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
if ($sign) { Remove-Item $pfx -Force }

$setup = "dist\LedgerDesk-$version-setup.exe"
# Smoke test of the built program, as on Linux: the console twin answers, the GUI program is there.
& dist\ledgerdesk\ledgerdesk-cli.exe --version
if ($LASTEXITCODE -ne 0) { throw "the built program does not start" }
$book = Join-Path $env:TEMP "ledgerdesk-smoke"
Remove-Item $book -Recurse -Force -ErrorAction SilentlyContinue
& dist\ledgerdesk\ledgerdesk-cli.exe --data-dir $book demo --years 1 --customers 5 | Out-Null
& dist\ledgerdesk\ledgerdesk-cli.exe --data-dir $book invoices --json | Out-Null
if ($LASTEXITCODE -ne 0) { throw "invoices --json failed in the built program" }
$seconds = [int]((Get-Date) - $start).TotalSeconds
"built $setup in $seconds s; installer $([int]((Get-Item $setup).Length / 1MB)) MB"
