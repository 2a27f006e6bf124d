//! Lambda function `events-scrape`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("events-scrape");
