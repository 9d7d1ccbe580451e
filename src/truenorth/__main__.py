from truenorth.cli import main

main()
