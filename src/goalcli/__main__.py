from goalcli.cli import main

main()
