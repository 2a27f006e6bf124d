//! Lambda function `weather-forecast`: serves the registry entry of that name.

rouen_lambdas::lambda_main!("weather-forecast");
