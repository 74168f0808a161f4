from goalcli.hot import main

main()
